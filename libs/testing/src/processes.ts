/**
 * Servers of a test's own, for the robustness tests of the API and the worker: a private PostgreSQL cluster
 * (initdb + pg_ctl in a temp dir, on a free port) and private redis-servers (no persistence), which a test
 * may stop, freeze and start. Never the shared PostgreSQL or Redis of the machine.
 */
import { SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

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

function check(res: SpawnSyncReturns<Buffer>, what: string): void {
  if (res.status !== 0)
    throw new Error(`${what} failed (${res.status}): ${res.stderr?.toString()}${res.stdout?.toString()}`);
}

export interface PrivatePostgres {
  port: number;
  /** A URL for a database of this cluster (created by the API or the worker at start-up). */
  url: (database: string) => string;
  stop: () => void;
  start: () => void;
  /** Every process of the cluster stopped (SIGSTOP): connections are accepted by the kernel, nothing answers. */
  freeze: () => void;
  thaw: () => void;
  destroy: () => void;
}

/**
 * A PostgreSQL cluster of the test's own, started: initdb in a temp dir, pg_ctl on a free port (as the
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

export function redisCli(port: number, ...args: string[]): string {
  return spawnSync('redis-cli', ['-p', String(port), ...args]).stdout?.toString() ?? '';
}

const redisDir = (port: number) => join(tmpdir(), `taizhang-redis-${port}`);

/** A redis-server of the test's own on this port, without persistence (started again after `stopRedis`). */
export async function startRedis(port: number): Promise<void> {
  const dir = redisDir(port);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
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
      '--maxmemory-policy',
      'noeviction',
      '--logfile',
      join(dir, 'redis.log'),
      '--pidfile',
      join(dir, 'redis.pid'),
    ]),
    'redis-server',
  );
  await until(`redis-server on ${port}`, () => redisCli(port, 'ping').includes('PONG'), 10_000);
}

export async function stopRedis(port: number, opts: { keepDir?: boolean } = {}): Promise<void> {
  redisCli(port, 'shutdown', 'nosave');
  await until(`redis-server on ${port} to stop`, () => !redisCli(port, 'ping').includes('PONG'), 10_000);
  if (!opts.keepDir) rmSync(redisDir(port), { recursive: true, force: true });
}

/** A redis-server of the test's own on a free port. */
export async function startPrivateRedis(): Promise<{ port: number; url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  await startRedis(port);
  return { port, url: `redis://127.0.0.1:${port}`, stop: () => stopRedis(port) };
}
