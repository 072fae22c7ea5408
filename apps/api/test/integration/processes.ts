/**
 * The built API (dist/apps/api/main.js, `nx build api`) as a real process, for the API's robustness tests;
 * the private PostgreSQL cluster and redis-servers they stop and start are in `@taizhang/testing`.
 */
import { freePort, until } from '@taizhang/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_PASSWORD, TEST_TRUST_PROXY } from './harness';

const ROOT = join(__dirname, '../../../..');
const API = join(ROOT, 'dist/apps/api/main.js');

export interface ApiProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output: () => string;
  /** Sends the signal; answers how long the process took to exit (ms). */
  stop: (signal?: NodeJS.Signals) => Promise<number>;
}

/** The built API on a free port; resolves once it listens. */
export async function spawnApi(env: Record<string, string>): Promise<ApiProcess> {
  if (!existsSync(API))
    throw new Error(`${API} is missing: build the API first (NX_DAEMON=false npx nx build api)`);
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, [API], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ADMIN_PASSWORD,
      TRUST_PROXY: TEST_TRUST_PROXY,
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d.toString()));
  child.stderr?.on('data', (d) => (out += d.toString()));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const api: ApiProcess = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        const t0 = Date.now();
        if (exited()) return resolve(0);
        child.once('exit', () => resolve(Date.now() - t0));
        child.kill(signal);
      }),
  };
  try {
    await until(
      'the API to listen',
      async () => {
        if (exited())
          throw new Error(`the API exited (${child.exitCode ?? child.signalCode}) before listening:\n${out}`);
        return (await fetch(`${api.url}/api/health`).catch(() => null)) !== null;
      },
      60_000,
    );
  } catch (err) {
    await api.stop('SIGKILL');
    throw err;
  }
  return api;
}
