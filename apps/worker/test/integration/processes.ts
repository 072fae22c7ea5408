/** Real worker processes for the robustness tests (their private redis-servers: `@taizhang/testing`). */
import { startPrivateRedis } from '@taizhang/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const WORKER = join(ROOT, 'dist/apps/worker/main.js');

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

export function spawnWorker(env: Record<string, string>): WorkerProcess {
  let out = '';
  const child = spawn(process.execPath, [WORKER], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'log',
      RELAY_INTERVAL_MS: '100',
      WORKER_METRICS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d.toString()));
  child.stderr?.on('data', (d) => (out += d.toString()));
  return {
    child,
    output: () => out,
    // only a bound on waiting (the tests assert their own limits): a busy machine is slow to start a worker
    waitFor: async (pattern, timeoutMs = 60_000) => {
      const t0 = Date.now();
      while (!pattern.test(out)) {
        if (child.exitCode !== null)
          throw new Error(`worker exited (${child.exitCode}) before ${pattern}:\n${out}`);
        if (Date.now() - t0 > timeoutMs)
          throw new Error(`worker never printed ${pattern}:\n${out.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/**
 * Redis servers and worker processes of a test's own: `redis()` starts a redis-server on a free port,
 * `worker(env)` spawns a worker; after each test every worker is killed (SIGKILL) and every server stopped.
 */
export function useProcesses(): {
  redis(): Promise<{ port: number; url: string }>;
  worker(env: Record<string, string>): WorkerProcess;
} {
  const workers: WorkerProcess[] = [];
  const servers: { stop: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop('SIGKILL')));
    for (const server of servers.splice(0)) await server.stop();
  });
  return {
    async redis() {
      const server = await startPrivateRedis();
      servers.push(server);
      return server;
    },
    worker(env) {
      const w = spawnWorker(env);
      workers.push(w);
      return w;
    },
  };
}
