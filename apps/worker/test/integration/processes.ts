/** Real worker processes and private redis-servers for the robustness tests. */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
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

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A redis-server of the test's own, so it can be flushed or stopped without touching the shared one. */
export async function startRedis(port: number): Promise<void> {
  const dir = join(ROOT, 'tmp', `redis-${port}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const res = spawnSync('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--daemonize',
    'yes',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--maxmemory-policy',
    'noeviction',
    '--logfile',
    join(dir, 'redis.log'),
  ]);
  if (res.status !== 0) throw new Error(`redis-server did not start: ${String(res.stderr)}`);
  for (let i = 0; i < 100; i++) {
    if (
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout?.toString()
        .includes('PONG')
    )
      return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on ${port} did not answer`);
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
  const redisPorts: number[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop('SIGKILL')));
    for (const p of redisPorts.splice(0)) await stopRedis(p);
  });
  return {
    async redis() {
      const port = await freePort();
      await startRedis(port);
      redisPorts.push(port);
      return { port, url: `redis://127.0.0.1:${port}` };
    },
    worker(env) {
      const w = spawnWorker(env);
      workers.push(w);
      return w;
    },
  };
}

export function redisCli(port: number, ...args: string[]): string {
  return spawnSync('redis-cli', ['-p', String(port), ...args]).stdout?.toString() ?? '';
}

export async function stopRedis(port: number, opts: { keepDir?: boolean } = {}): Promise<void> {
  redisCli(port, 'shutdown', 'nosave');
  for (let i = 0; i < 100 && redisCli(port, 'ping').includes('PONG'); i++)
    await new Promise((r) => setTimeout(r, 50));
  if (!opts.keepDir) rmSync(join(ROOT, 'tmp', `redis-${port}`), { recursive: true, force: true });
}

/** A PostgreSQL cluster of the test's own (initdb + pg_ctl on a free port), so it can be stopped. */
export interface PrivatePostgres {
  port: number;
  url: (database: string) => string;
  start: () => void;
  stop: () => void;
  remove: () => void;
}

export function createPostgres(port: number): PrivatePostgres {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  const bin = (tool: string) => join('/usr/lib/postgresql', versions[0], 'bin', tool);
  const dir = mkdtempSync(join(tmpdir(), `taizhang-pg-${port}-`));
  // PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user
  const asRoot = process.getuid?.() === 0;
  if (asRoot)
    chownSync(
      dir,
      Number(spawnSync('id', ['-u', 'postgres']).stdout.toString()),
      Number(spawnSync('id', ['-g', 'postgres']).stdout.toString()),
    );
  const run = (tool: string, args: string[]) => {
    const res = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', bin(tool), ...args])
      : spawnSync(bin(tool), args);
    if (res.status !== 0)
      throw new Error(`${tool} ${args.join(' ')} failed: ${res.stderr?.toString()}${res.stdout?.toString()}`);
  };
  run('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const pg: PrivatePostgres = {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: () =>
      run('pg_ctl', [
        '-D',
        join(dir, 'data'),
        '-l',
        join(dir, 'log'),
        '-w',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        'start',
      ]),
    stop: () => run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']),
    remove: () => {
      spawnSync(
        asRoot ? 'runuser' : bin('pg_ctl'),
        asRoot
          ? ['-u', 'postgres', '--', bin('pg_ctl'), '-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']
          : ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop'],
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return pg;
}
