/**
 * Real processes for the API's robustness tests: the built API (dist/apps/api/main.js, `nx build api`), a
 * private PostgreSQL cluster (initdb + pg_ctl in a temp dir, on a free port) that a test may stop and start,
 * and a private redis-server. Never the shared PostgreSQL or Redis of the machine.
 */
import { ChildProcess, SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, TEST_TRUST_PROXY } from './harness';

const ROOT = join(__dirname, '../../../..');
const API = join(ROOT, 'dist/apps/api/main.js');

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

/** Wait until `probe` is true (polling), or fail naming `what`. */
export async function until(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const t0 = Date.now();
  while (!(await probe())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

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
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ADMIN_PASSWORD, TRUST_PROXY: TEST_TRUST_PROXY, PORT: String(port), ...env },
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

function check(res: SpawnSyncReturns<Buffer>, what: string): void {
  if (res.status !== 0)
    throw new Error(`${what} failed (${res.status}): ${res.stderr?.toString()}${res.stdout?.toString()}`);
}

export interface PrivatePostgres {
  port: number;
  /** A URL for a database of this cluster (created by the API at start-up). */
  url: (database: string) => string;
  stop: () => void;
  start: () => void;
  /** Every process of the cluster stopped (SIGSTOP): connections are accepted by the kernel, nothing answers. */
  freeze: () => void;
  thaw: () => void;
  destroy: () => void;
}

/**
 * A PostgreSQL cluster of the test's own: initdb in a temp dir, started with pg_ctl on a free port (as the
 * `postgres` OS user when the tests run as root, since PostgreSQL refuses to run as root).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const versions = readdirSync('/usr/lib/postgresql').filter((v) =>
    existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`),
  );
  const version = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!version) throw new Error('no PostgreSQL server binaries in /usr/lib/postgresql/*/bin');
  const bin = `/usr/lib/postgresql/${version}/bin`;
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const pw = spawnSync('id', ['-u', 'postgres']);
    const gid = spawnSync('id', ['-g', 'postgres']);
    check(pw, 'id -u postgres');
    chownSync(dir, Number(pw.stdout.toString()), Number(gid.stdout.toString()));
  }
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', `${bin}/${cmd}`, ...args])
      : spawnSync(`${bin}/${cmd}`, args);
  const data = join(dir, 'data');
  check(
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']),
    'initdb',
  );
  const port = await freePort();
  const start = () =>
    check(
      run('pg_ctl', [
        '-D',
        data,
        '-l',
        join(dir, 'log'),
        '-w',
        '-t',
        '30',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
        'start',
      ]),
      'pg_ctl start',
    );
  const stop = () =>
    check(run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']), 'pg_ctl stop');
  start();
  /** The postmaster (first line of postmaster.pid) and its children: only processes of this cluster. */
  const pids = () => {
    const postmaster = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]?.trim() ?? '';
    if (!/^\d+$/.test(postmaster)) throw new Error(`no postmaster pid in ${data}`);
    const children = spawnSync('pgrep', ['-P', postmaster])
      .stdout.toString()
      .split(/\s+/)
      .filter((x) => /^\d+$/.test(x));
    return [postmaster, ...children].map(Number);
  };
  const signalAll = (signal: NodeJS.Signals) => {
    for (const pid of pids()) process.kill(pid, signal);
  };
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    freeze: () => signalAll('SIGSTOP'),
    thaw: () => signalAll('SIGCONT'),
    destroy: () => {
      try {
        signalAll('SIGCONT'); // a frozen cluster cannot stop
      } catch {
        // not running
      }
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A redis-server of the test's own, without persistence. */
export async function startPrivateRedis(): Promise<{ port: number; url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'taizhang-redis-'));
  check(
    spawnSync('redis-server', [
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
      '--logfile',
      join(dir, 'redis.log'),
      '--pidfile',
      join(dir, 'redis.pid'),
    ]),
    'redis-server',
  );
  const cli = (...args: string[]) =>
    spawnSync('redis-cli', ['-p', String(port), ...args]).stdout?.toString() ?? '';
  await until(`redis-server on ${port}`, () => cli('ping').includes('PONG'), 10_000);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      cli('shutdown', 'nosave');
      await until(`redis-server on ${port} to stop`, () => !cli('ping').includes('PONG'), 10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
