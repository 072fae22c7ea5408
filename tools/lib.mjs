// Small helpers shared by the start and test orchestration scripts (plain Node, no dependencies).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function log(msg) {
  process.stdout.write(`\x1b[36m[taizhang]\x1b[0m ${msg}\n`);
}

/** Run a command to completion, inheriting stdio; exit the script if it fails. */
export function run(cmd, args, opts = {}) {
  const t0 = Date.now();
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...opts.env } });
  if (res.status !== 0) {
    opts.onFail?.();
    log(`failed: ${cmd} ${args.join(' ')} (exit ${res.status ?? res.signal})`);
    process.exit(res.status || 1);
  }
  return (Date.now() - t0) / 1000;
}

/** `npm ci` when node_modules is missing or older than the lock file. */
export function ensureInstalled() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing dependencies (npm ci) …');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

/** `--name value`, `--name=value` and a bare `--flag` (true) into an object; other words are passed over. */
export function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=');
    if (v !== undefined) o[k] = v;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) o[k] = argv[++i];
    else o[k] = true;
  }
  return o;
}

/** A TCP port free on 127.0.0.1 now (the system's pick). */
export function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

export function canConnect(host, port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** PostgreSQL and Redis must be reachable: say which one is not, where, and how to start it. */
export async function checkServices(env = process.env) {
  const pg = new URL(env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/taizhang');
  const redis = new URL(env.REDIS_URL || 'redis://127.0.0.1:6379');
  const problems = [];
  if (!(await canConnect(pg.hostname, Number(pg.port || 5432)))) {
    problems.push(
      `PostgreSQL is not reachable at ${pg.hostname}:${pg.port || 5432}: start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set DATABASE_URL`,
    );
  }
  if (!(await canConnect(redis.hostname, Number(redis.port || 6379)))) {
    problems.push(
      `Redis is not reachable at ${redis.hostname}:${redis.port || 6379}: start it (redis-server --daemonize yes --bind 127.0.0.1 --port 6379) or set REDIS_URL`,
    );
  }
  if (problems.length) {
    for (const p of problems) console.error(`taizhang: ${p}`);
    process.exit(1);
  }
}

/** Start a long-running child with prefixed output. */
export function startChild(name, cmd, args, env = {}) {
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\x1b[35m${name.padEnd(6)}\x1b[0m| `;
  const pipe = (stream, out) => {
    let buf = '';
    stream.on('data', (d) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const l of lines) out.write(prefix + l + '\n');
    });
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  return child;
}

export async function waitForHttp(url, timeoutMs = 120_000, child) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child && child.exitCode !== null)
      throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

export function chromiumPath() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (p && existsSync(p)) return p;
  return null;
}

/** Debian's Chromium for the browser tests: installed with apt when missing and we are root. */
export function ensureChromium() {
  if (chromiumPath()) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log('installing Chromium from Debian (apt-get install chromium) …');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], {
      env: { DEBIAN_FRONTEND: 'noninteractive' },
    });
    return;
  }
  console.error(
    'taizhang: Chromium is needed for the browser tests: sudo apt-get install -y chromium (or set CHROMIUM_PATH)',
  );
  process.exit(1);
}
