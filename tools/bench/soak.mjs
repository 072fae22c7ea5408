#!/usr/bin/env node
// Soak: minutes of mixed traffic against the built API and worker as real processes, with one worker
// restart and one Redis restart in the middle; then the ledger is checked from PostgreSQL: nothing lost,
// nothing doubled, every case equal to the fold of its events. Exits 1 on any violation.
//
//   node tools/bench/soak.mjs                 10 minutes (npm run bench -- --soak does the same)
//   node tools/bench/soak.mjs --minutes 2     shorter
//   options: --minutes M --rate R (requests/s, all loops together) --loops N --redis-down-seconds S
//            --drain-seconds S --out DIR --no-build --keep (keep the database, for a look afterwards)
//
//   node tools/bench/soak.mjs --scale-out     2 APIs behind a round-robin proxy and 2 workers; one API and
//            one worker get SIGKILL mid-run (--apis N --workers M); writes results.scaleOut (see README)
//
// It starts its own redis-server on a free port (never the shared one) with its append-only file in a
// temporary directory, and its own database (taizhang_test_soak_*, dropped at the end unless --keep).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  createWriteStream,
} from 'node:fs';
import { createRequire } from 'node:module';
import nodeHttp from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, parseArgs } from '../lib.mjs';
import { requireTs } from './ts-sources.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------- options
const args = parseArgs(process.argv.slice(2));
const opt = {
  minutes: Number(args.minutes ?? 10),
  rate: Number(args.rate ?? 25),
  loops: Number(args.loops ?? 8),
  redisDownSeconds: Number(args['redis-down-seconds'] ?? 15),
  drainSeconds: Number(args['drain-seconds'] ?? 120),
  out: resolve(ROOT, args.out ?? 'bench'),
  build: !args['no-build'],
  keep: Boolean(args.keep),
  scaleOut: Boolean(args['scale-out']),
  apis: Number(args.apis ?? (args['scale-out'] ? 2 : 1)),
  workers: Number(args.workers ?? (args['scale-out'] ? 2 : 1)),
  server: process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres',
};
if (opt.scaleOut && (!(opt.apis >= 2) || !(opt.workers >= 2))) {
  console.error('soak --scale-out: --apis and --workers must be at least 2 (one of each is killed)');
  process.exit(2);
}
if (!(opt.minutes > 0) || !(opt.rate > 0) || !(opt.loops > 0)) {
  console.error('soak: --minutes, --rate and --loops must be positive numbers');
  process.exit(2);
}
const RUN = randomBytes(4).toString('hex');
const ADMIN_PASSWORD = 'soak-admin-password-2026';
const DEMO_PASSWORD = 'demo1234';
/** The town's deadlines while the soak runs: first response in 30 s, resolution in 2 min, so deadlines fall due all along. */
const TOWN_POLICY = { respondMinutes: 0.5, resolveMinutes: 2, workingTime: false, respondByEndOfDay: false };
/** A deadline is late when it is still unhandled this long after it passed (the sweep's interval plus slack). */
const LATE_MS = 75_000;

const t0 = Date.now();
const log = (m) =>
  process.stdout.write(`[soak +${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);
const children = new Set();

// ---------------------------------------------------------------- processes
/** Start a process; its output goes to <out>/logs/soak-<name>.log and is kept (the tail) for waiting on a line. */
function startChild(name, cmd, argv, env = {}) {
  mkdirSync(join(opt.out, 'logs'), { recursive: true });
  const logFile = createWriteStream(join(opt.out, 'logs', `soak-${name}.log`), { flags: 'a' });
  const child = spawn(cmd, argv, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.text = '';
  const keep = (d) => {
    child.text = (child.text + d.toString()).slice(-100_000);
    logFile.write(d);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.label = name;
  return child;
}

/** SIGTERM, SIGKILL after `graceMs`; answers how long it took and whether it had to be killed. */
async function stopChild(child, graceMs = 30_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return { seconds: 0, killed: false };
  const started = Date.now();
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
  return { seconds: round((Date.now() - started) / 1000), killed };
}

async function waitUntil(what, probe, timeoutMs, everyMs = 250) {
  const started = Date.now();
  let last;
  while (Date.now() - started < timeoutMs) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await sleep(everyMs);
  }
  throw new Error(
    `timed out after ${timeoutMs / 1000}s waiting for ${what}${last ? `: ${last.message ?? last}` : ''}`,
  );
}

function alive(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    throw new Error(
      `${child.label} exited (${child.exitCode ?? child.signalCode}); see ${opt.out}/logs/soak-${child.label}.log:\n${child.text.slice(-1500)}`,
    );
  }
}

// ---------------------------------------------------------------- private Redis
const redisState = { port: 0, dir: '', child: null };
/** What to remove whatever happens: the database (unless --keep) and the Redis directory. */
const cleanup = { serverUrl: '', dbName: '' };
async function dropDatabase() {
  if (!cleanup.dbName || opt.keep) return;
  const a = new pg.Client({ connectionString: cleanup.serverUrl });
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS "${cleanup.dbName}" WITH (FORCE)`);
  await a.end();
  cleanup.dbName = '';
}
function startRedis() {
  redisState.child = startChild('redis', 'redis-server', [
    '--port',
    String(redisState.port),
    '--bind',
    '127.0.0.1',
    '--dir',
    redisState.dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
  ]);
  return waitUntil(
    'the private redis-server',
    async () => {
      alive(redisState.child);
      return (await redisPing()) === '+PONG';
    },
    30_000,
    100,
  );
}
function redisPing() {
  return new Promise((res, rej) => {
    const s = net.connect(redisState.port, '127.0.0.1');
    s.setTimeout(1000, () => s.destroy(new Error('timeout')));
    s.on('error', rej);
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => {
      res(d.toString().trim());
      s.end();
    });
  });
}

// ---------------------------------------------------------------- HTTP
/** One request; never throws: a network failure is status 0. */
async function http(base, path, { token, method = 'GET', body, headers = {}, binary = false } = {}) {
  const started = performance.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    const buf = Buffer.from(await res.arrayBuffer());
    let json = null;
    if (!binary && buf.length && (buf[0] === 0x7b || buf[0] === 0x5b)) json = JSON.parse(buf.toString());
    return {
      status: res.status,
      json,
      bytes: buf.length,
      ms: performance.now() - started,
      headers: res.headers,
    };
  } catch (err) {
    return { status: 0, json: null, error: String(err.message ?? err), ms: performance.now() - started };
  }
}

// ---------------------------------------------------------------- the load balancer (--scale-out)
/**
 * A round-robin HTTP proxy in front of the APIs, as nginx's `upstream` with `proxy_next_upstream` would be:
 * a backend that refuses the connection is skipped (marked down for 2 s) and the next one tried, for any
 * request; a request cut after it reached a backend (the backend died under it) is sent to the next backend
 * only when repeating it is safe — a GET, or a POST with an Idempotency-Key — and otherwise answered 502 with
 * `x-bench-proxy: cut`, so the client decides (an action carries its version: a repeat is refused as stale).
 */
function startProxy(backends) {
  const downUntil = new Map();
  let next = 0;
  const counters = { requests: 0, failovers: 0, cut: 0 };
  const server = nodeHttp.createServer((req, res) => {
    counters.requests++;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const safe = req.method === 'GET' || req.method === 'HEAD' || !!req.headers['idempotency-key'];
      const order = backends.map((_, i) => backends[(next + i) % backends.length]);
      next = (next + 1) % backends.length;
      const up = order.filter((b) => !(downUntil.get(b) > Date.now()));
      const tries = up.length ? [...up, ...order.filter((b) => !up.includes(b))] : order;
      const attempt = (i) => {
        const port = tries[i];
        if (port === undefined) {
          res.writeHead(502, { 'content-type': 'application/json', 'x-bench-proxy': 'no-backend' });
          return res.end('{"code":"BAD_GATEWAY","message":"no API answered"}');
        }
        let connected = false;
        const out = nodeHttp.request(
          { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
          (up) => {
            res.writeHead(up.statusCode, up.headers);
            up.pipe(res);
            up.on('error', () => res.destroy());
          },
        );
        // a kept-alive socket is connected already (and never says so again: no listener left on it)
        out.on('socket', (sock) => {
          if (!sock.connecting) connected = true;
          else sock.once('connect', () => (connected = true));
        });
        out.on('error', () => {
          if (res.headersSent) return res.destroy();
          downUntil.set(port, Date.now() + 2000);
          if (!connected || safe) {
            counters.failovers++;
            return attempt(i + 1);
          }
          counters.cut++;
          res.writeHead(502, { 'content-type': 'application/json', 'x-bench-proxy': 'cut' });
          res.end('{"code":"BAD_GATEWAY","message":"the API died while answering"}');
        });
        out.end(body);
      };
      attempt(0);
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, counters })),
  );
}

// ---------------------------------------------------------------- the fold, from the project's own code
/** foldEvents (libs/domain) and rowToSnapshot (libs/db), loaded from their TypeScript sources. */
function loadFold() {
  const { foldEvents } = requireTs('libs/domain/src/index.ts');
  const { rowToSnapshot } = requireTs('libs/db/src/cases/case-rows.ts');
  return { foldEvents, rowToSnapshot };
}

// ---------------------------------------------------------------- the run
/** What the worker's sweep (apps/worker deadline.service) treats as due: a returned case at level 0 that is
 *  overdue already is not escalated again. */
const DUE_SQL = `status IN ('open','in_progress','escalated')
  AND ((respond_by <= $1 AND NOT overdue AND status IN ('open','escalated'))
    OR (resolve_by <= $1 AND (NOT overdue OR (level = 0 AND returned_from_unit_id IS NULL))))`;

async function main() {
  mkdirSync(opt.out, { recursive: true });
  log(`options: ${JSON.stringify({ ...opt, server: undefined })} run ${RUN}`);
  if (opt.build) {
    log('building api and worker (nx) …');
    const b = spawnSync(
      'npx',
      ['nx', 'run-many', '-t', 'build', '-p', 'api,worker', '--output-style=static'],
      { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } },
    );
    if (b.status !== 0) throw new Error('build failed');
  }
  for (const f of ['dist/apps/api/main.js', 'dist/apps/worker/main.js'])
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: build first (or drop --no-build)`);
  const { foldEvents, rowToSnapshot } = loadFold();

  // --- the private world
  const dbName = `taizhang_test_soak_${RUN}`;
  const serverUrl = new URL(opt.server);
  const dbUrl = new URL(opt.server);
  dbUrl.pathname = `/${dbName}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  Object.assign(cleanup, { serverUrl: serverUrl.toString(), dbName });
  redisState.dir = mkdtempSync(join(os.tmpdir(), 'taizhang-soak-redis-'));
  redisState.port = await freePort();
  await startRedis();
  log(`private redis-server on port ${redisState.port}, database ${dbName}`);

  const port = await freePort();
  let base = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: `redis://127.0.0.1:${redisState.port}`,
    REDIS_PREFIX: 'soak',
    PORT: String(port),
    JWT_SECRET: 'soak-signing-key-not-for-production',
    ADMIN_PASSWORD,
    DEMO_DATA: 'true',
    LOG_LEVEL: 'log',
    // scale-out: a worker killed with its deadline jobs in hand: the other one's sweep finds them soon
    ...(opt.scaleOut ? { SWEEP_INTERVAL_MS: '2000' } : {}),
  };
  let workerNo = 0;
  const startWorker = async () => {
    const w = startChild(
      `worker-${++workerNo}`,
      process.execPath,
      [join(ROOT, 'dist/apps/worker/main.js')],
      env,
    );
    await waitUntil(
      'the worker to start',
      async () => (alive(w), /worker running/.test(w.text)),
      120_000,
      200,
    );
    return w;
  };
  const apiChild = startChild('api', process.execPath, [join(ROOT, 'dist/apps/api/main.js')], env);
  await waitUntil(
    'the API (migrations and demo data)',
    async () => (alive(apiChild), (await http(base, '/api/health')).status === 200),
    600_000,
    250,
  );
  // --scale-out: more APIs on ports of their own (started after the first has migrated and seeded), and a
  // round-robin proxy in front of them all; the traffic goes through the proxy
  const apis = [{ child: apiChild, port }];
  let proxy = null;
  if (opt.scaleOut) {
    for (let i = 2; i <= opt.apis; i++) {
      const p = await freePort();
      const c = startChild(`api-${i}`, process.execPath, [join(ROOT, 'dist/apps/api/main.js')], {
        ...env,
        PORT: String(p),
      });
      await waitUntil(
        `API ${i}`,
        async () => (alive(c), (await http(`http://127.0.0.1:${p}`, '/api/health')).status === 200),
        600_000,
        250,
      );
      apis.push({ child: c, port: p });
    }
    proxy = await startProxy(apis.map((a) => a.port));
    base = `http://127.0.0.1:${proxy.port}`;
    log(
      `${apis.length} APIs (ports ${apis.map((a) => a.port).join(', ')}) behind the proxy on ${proxy.port}`,
    );
  }
  let worker = await startWorker();
  const workers = [worker];
  for (let i = 2; opt.scaleOut && i <= opt.workers; i++) workers.push(await startWorker());
  const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 4 });
  const q = async (sql, params) => (await pool.query(sql, params)).rows;

  const report = {
    run: RUN,
    startedAt: new Date().toISOString(),
    options: { ...opt, server: undefined, out: undefined },
    violations: [],
  };
  const violation = (m) => {
    report.violations.push(m);
    log(`VIOLATION: ${m}`);
  };
  try {
    // --- users and the town's short deadlines
    const users = {};
    const login = async (username, password = DEMO_PASSWORD) => {
      const r = await http(base, '/api/auth/login', { method: 'POST', body: { username, password } });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.json)}`);
      users[username] = r.json.user;
      return r.json.accessToken;
    };
    const tokens = {
      admin: await login('admin', ADMIN_PASSWORD),
      zhidao: await login('zhidao'),
      zhuanban: await login('zhuanban'),
      renshe: await login('renshe'),
      lingdao: await login('lingdao'),
    };
    const me = users.zhuanban;
    const put = await http(base, '/api/deadline-policies', {
      token: tokens.admin,
      method: 'PUT',
      body: { policies: ['normal', 'urgent'].map((priority) => ({ level: 0, priority, ...TOWN_POLICY })) },
    });
    if (put.status !== 200) throw new Error(`deadline policies: ${put.status} ${JSON.stringify(put.json)}`);
    const enterprises = (
      await http(base, '/api/enterprises?pageSize=50', { token: tokens.zhidao })
    ).json.items.map((e) => e.id);
    if (!enterprises.length) throw new Error('zhidao has no enterprises in the demo world');
    const startCases = (await q(`SELECT count(*)::int AS n FROM cases`))[0].n;
    log(
      `demo world: ${startCases} cases; zhidao has ${enterprises.length} enterprises; traffic for ${opt.minutes} min at ~${opt.rate} req/s`,
    );

    // --- traffic
    const stats = new Map(); // op → { n, statuses: {}, ms: [] }
    const fault = { redisDown: null, redisUp: null };
    const fiveXX = [];
    const redisWindow503 = [];
    const cutByKill = []; // answered 502 by the proxy: the API died under a request it could not repeat
    const acceptedActions = []; // { id, type } of every action answered 200
    const NEEDS_REDIS = new Set(['health']);
    const record = (op, r) => {
      const s = stats.get(op) ?? { n: 0, statuses: {}, ms: [] };
      s.n++;
      s.statuses[r.status] = (s.statuses[r.status] ?? 0) + 1;
      s.ms.push(r.ms);
      stats.set(op, s);
      if (r.status === 502 && r.headers?.get('x-bench-proxy') === 'cut') {
        cutByKill.push({ op, at: new Date().toISOString() });
      } else if (r.status >= 500 || r.status === 0) {
        const now = Date.now();
        const inRedisWindow =
          fault.redisDown && now >= fault.redisDown && (!fault.redisUp || now <= fault.redisUp + 5000);
        const entry = {
          op,
          status: r.status,
          at: new Date().toISOString(),
          body: r.error ?? JSON.stringify(r.json)?.slice(0, 200),
        };
        if (r.status === 503 && inRedisWindow && NEEDS_REDIS.has(op)) redisWindow503.push(entry);
        else fiveXX.push(entry);
      }
    };
    const created = new Map(); // case id → { key }
    const keyed = new Map(); // key → { body, ids: Set, answered }
    const plainTitles = [];
    let serial = 0;
    const pending = []; // keys without a final answer yet (retried)
    const body = () => {
      const n = ++serial;
      return {
        enterpriseId: enterprises[n % enterprises.length],
        categoryCode: ['labor', 'transport', 'supplies', 'funding'][n % 4],
        title: `[soak ${RUN} #${n}] 返岗员工不足，急需普工`,
        description: `压力测试 ${RUN} 第 ${n} 件`,
        priority: n % 7 === 0 ? 'urgent' : 'normal',
      };
    };
    const sendKeyed = async (key) => {
      const k = keyed.get(key);
      const r = await http(base, '/api/cases', {
        token: tokens.zhidao,
        method: 'POST',
        body: k.body,
        headers: { 'Idempotency-Key': key },
      });
      record('intakeKeyed', r);
      if (r.status === 201 || r.status === 200) {
        k.ids.add(r.json.id);
        k.answered = true;
        created.set(r.json.id, { key });
      } else if (r.status === 409 || r.status === 0 || r.status >= 500) {
        if (!pending.includes(key)) pending.push(key); // in flight or unanswered: the same key again later
      } else {
        violation(`intake with key ${key}: ${r.status} ${JSON.stringify(r.json)?.slice(0, 300)}`);
        k.answered = true;
      }
    };
    const ops = {
      async intakeKeyed() {
        // now and then a retry of an earlier key (a client that did not see its answer)
        if (pending.length && Math.random() < 0.5) return sendKeyed(pending.shift());
        if (keyed.size && Math.random() < 0.15) {
          const keys = [...keyed.keys()];
          return sendKeyed(keys[Math.floor(Math.random() * keys.length)]);
        }
        const key = `soak-${RUN}-${randomUUID()}`;
        keyed.set(key, { body: body(), ids: new Set(), answered: false });
        return sendKeyed(key);
      },
      async intakePlain() {
        const b = body();
        const r = await http(base, '/api/cases', { token: tokens.zhidao, method: 'POST', body: b });
        record('intakePlain', r);
        if (r.status === 201) created.set(r.json.id, {});
        else if (r.status !== 0 && r.status < 500)
          violation(`intake: ${r.status} ${JSON.stringify(r.json)?.slice(0, 300)}`);
        plainTitles.push({ title: b.title, status: r.status });
      },
      async action() {
        const ids = [...created.keys()];
        if (!ids.length) return;
        const id = ids[Math.floor(Math.random() * ids.length)];
        // whoever can move it on: the town's service team, the bureau, then the instructor
        for (const who of ['zhuanban', 'renshe', 'zhidao']) {
          const g = await http(base, `/api/cases/${id}`, { token: tokens[who] });
          record('caseDetail', g);
          if (g.status !== 200) continue;
          const c = g.json;
          const allowed = c.allowedActions ?? [];
          const prefer = ['accept', 'assign', 'resolve', 'confirm'].filter((a) => allowed.includes(a));
          const roll = Math.random();
          let action = prefer[0];
          if (allowed.includes('escalate') && roll < 0.15) action = 'escalate';
          else if (allowed.includes('comment') && roll > 0.9) action = 'comment';
          if (action === 'assign' && c.assigneeId) action = prefer.find((a) => a !== 'assign');
          if (!action) continue;
          const extra =
            {
              assign: { assigneeId: who === 'zhuanban' ? me.id : undefined },
              escalate: { reason: '本级无法协调，提请上级部门协助（压测）' },
              resolve: { resolution: '已协调解决（压测）' },
              confirm: { rating: 5 },
              comment: { comment: '跟进中（压测）' },
            }[action] ?? {};
          if (action === 'assign' && !extra.assigneeId) continue;
          const send = () =>
            http(base, `/api/cases/${id}/actions`, {
              token: tokens[who],
              method: 'POST',
              body: { action, version: c.version, ...extra },
            });
          let r = await send();
          record(`action:${action}`, r);
          // cut by a killed API: the same action at the same version again (applied already: 409 stale)
          if (r.status === 502 || r.status === 0) {
            r = await send();
            record(`action:${action}:retry`, r);
          }
          if (r.status === 200) acceptedActions.push({ id, type: action });
          // a stale version (the worker marked it overdue meanwhile) is the protocol working, not an error
          if (
            r.status >= 400 &&
            r.status < 500 &&
            !(r.status === 409 && /STALE/.test(JSON.stringify(r.json)))
          ) {
            violation(
              `${action} on ${c.ledgerNo} as ${who}: ${r.status} ${JSON.stringify(r.json)?.slice(0, 300)}`,
            );
          }
          return;
        }
      },
      async list() {
        const queries = [
          '?pageSize=20',
          '?status=open&pageSize=20',
          '?overdue=true&pageSize=20',
          `?q=${encodeURIComponent('soak')}&pageSize=20`,
          '?sort=-openedAt&pageSize=50',
        ];
        const who = Math.random() < 0.5 ? 'zhuanban' : 'lingdao';
        const r = await http(base, `/api/cases${queries[Math.floor(Math.random() * queries.length)]}`, {
          token: tokens[who],
        });
        record('list', r);
        if (r.status >= 400 && r.status < 500)
          violation(`list: ${r.status} ${JSON.stringify(r.json)?.slice(0, 300)}`);
      },
      async dashboard() {
        const r = await http(base, '/api/dashboard/summary', { token: tokens.lingdao });
        record('dashboard', r);
        if (r.status >= 400 && r.status < 500) violation(`dashboard: ${r.status}`);
      },
      async export() {
        const r = await http(base, '/api/cases/export.xlsx?status=open', {
          token: tokens.lingdao,
          binary: true,
        });
        record('export', r);
        if (r.status >= 400 && r.status < 500) violation(`export: ${r.status}`);
      },
      async health() {
        record('health', await http(base, '/api/health'));
      },
    };
    const WEIGHTS = [
      // scale-out: every intake carries a key, so a client's retry after a killed API cannot double a case
      ['intakeKeyed', opt.scaleOut ? 38 : 24],
      ['intakePlain', opt.scaleOut ? 0 : 14],
      ['action', 34],
      ['list', 14],
      ['dashboard', 10],
      ['export', 1],
      ['health', 3],
    ];
    const totalWeight = WEIGHTS.reduce((a, [, w]) => a + w, 0);
    const pick = () => {
      let roll = Math.random() * totalWeight;
      for (const [name, w] of WEIGHTS) if ((roll -= w) < 0) return name;
      return 'list';
    };

    const durationMs = opt.minutes * 60_000;
    const endAt = Date.now() + durationMs;
    const perLoopMs = (1000 * opt.loops) / opt.rate;
    const loops = Array.from({ length: opt.loops }, async () => {
      while (Date.now() < endAt) {
        const s = Date.now();
        await ops[pick()]();
        const rest = perLoopMs - (Date.now() - s);
        if (rest > 0) await sleep(rest * (0.5 + Math.random()));
      }
    });

    // --- the faults, in the middle
    let recovery = Promise.resolve(null);
    let watchOver = false;
    const faults = (async () => {
      if (opt.scaleOut) {
        // one API and one worker die without warning (SIGKILL), in the middle of the traffic
        await sleep(durationMs * 0.35);
        log(`SIGKILL API 1 (port ${apis[0].port}) …`);
        fault.apiKilledAt = Date.now();
        apis[0].child.kill('SIGKILL');
        await sleep(durationMs * 0.15);
        log('SIGKILL worker 1 …');
        fault.workerKilledAt = Date.now();
        workers[0].kill('SIGKILL');
        report.kills = {
          apiAtSecond: round((fault.apiKilledAt - t0) / 1000),
          workerAtSecond: round((fault.workerKilledAt - t0) / 1000),
        };
        return;
      }
      await sleep(durationMs * 0.35);
      log('worker restart: SIGTERM …');
      const stopped = await stopChild(worker, 30_000);
      report.workerRestart = { stopSeconds: stopped.seconds, killed: stopped.killed };
      if (stopped.killed) violation(`the worker did not stop within 30 s of SIGTERM (killed)`);
      else if (stopped.seconds > 10)
        violation(`the worker took ${stopped.seconds} s to stop after SIGTERM (more than 10 s)`);
      worker = await startWorker();
      log(`  stopped in ${stopped.seconds}s${stopped.killed ? ' (KILLED)' : ''}, started again`);

      await sleep(Math.max(0, endAt - Date.now() - durationMs * 0.35));
      log(`Redis restart: down for ${opt.redisDownSeconds}s …`);
      fault.redisDown = Date.now();
      const r = await stopChild(redisState.child, 30_000);
      await sleep(opt.redisDownSeconds * 1000);
      await startRedis();
      fault.redisUp = Date.now();
      log(`  Redis back (it stopped in ${r.seconds}s)`);
      // how soon the relay has delivered the outage's backlog (every row written before Redis came back),
      // watched until the drain ends
      const upAt = new Date(fault.redisUp);
      recovery = (async () => {
        while (!watchOver) {
          const [o] = await q(
            `SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL AND created_at < $1`,
            [upAt],
          ).catch(() => [{ n: -1 }]);
          if (o.n === 0) return Date.now();
          await sleep(500);
        }
        return null;
      })();
    })();
    const monitor = setInterval(async () => {
      try {
        const [o] = await q(
          `SELECT count(*)::int AS outbox, (SELECT count(*)::int FROM cases) AS cases FROM outbox WHERE delivered_at IS NULL`,
        );
        log(
          `  ${o.cases} cases, ${o.outbox} undelivered outbox rows, ${[...stats.values()].reduce((a, s) => a + s.n, 0)} requests, ${fiveXX.length} 5xx`,
        );
      } catch {
        /* the next one */
      }
    }, 30_000);
    await Promise.all(loops);
    clearInterval(monitor);
    log('traffic over; retrying the keys still without an answer …');
    for (let i = 0; pending.length && i < 200; i++) {
      await sendKeyed(pending.shift());
      if (pending.length) await sleep(500);
    }
    await faults;

    // --- drain: every outbox row delivered and no deadline left late
    log(`draining (at most ${opt.drainSeconds}s): outbox, due deadlines …`);
    const drainStart = Date.now();
    let last = null;
    const drained = await waitUntil(
      'the outbox to drain and the due deadlines to be handled',
      async () => {
        const [s] = await q(
          `SELECT (SELECT count(*)::int FROM outbox WHERE delivered_at IS NULL) AS outbox,
                  (SELECT count(*)::int FROM cases WHERE ${DUE_SQL}) AS late`,
          [new Date(Date.now() - LATE_MS)],
        );
        last = s;
        return s.outbox === 0 && s.late === 0;
      },
      opt.drainSeconds * 1000,
      500,
    ).catch(() => false);
    report.drainSeconds = round((Date.now() - drainStart) / 1000);
    watchOver = true;
    const back = await recovery;
    report.redisRestart = {
      downSeconds: fault.redisUp ? round((fault.redisUp - fault.redisDown) / 1000) : null,
      relayBackSeconds: back ? round((back - fault.redisUp) / 1000) : null,
    };
    if (!opt.scaleOut)
      log(
        `relay after the Redis restart: ${back ? `the outage's backlog delivered ${report.redisRestart.relayBackSeconds}s after Redis came back` : "the outage's backlog NOT delivered (stalled)"}`,
      );
    if (!drained) {
      violation(
        `after ${opt.drainSeconds}s: ${last?.outbox} outbox rows still undelivered, ${last?.late} deadlines unhandled more than ${LATE_MS / 1000}s after they passed` +
          (last?.outbox ? ' — the relay stalled (after the Redis restart?): it no longer delivers' : ''),
      );
    }
    // the oldest unhandled deadline now (a figure, whatever the verdict)
    const [oldest] = await q(
      `SELECT extract(epoch FROM now() - min(LEAST(CASE WHEN respond_by <= now() AND NOT overdue AND status IN ('open','escalated') THEN respond_by END, CASE WHEN resolve_by <= now() AND (NOT overdue OR (level = 0 AND returned_from_unit_id IS NULL)) THEN resolve_by END)))::float AS s FROM cases WHERE ${DUE_SQL}`,
      [new Date()],
    );
    report.oldestUnhandledDeadlineSeconds = oldest?.s == null ? 0 : round(oldest.s);
    // which cases, when some are late: enough to tell a lost deadline from one the sweep cannot act on
    report.lateDeadlines = await q(
      `SELECT ledger_no AS "ledgerNo", status, level, overdue, respond_by AS "respondBy", resolve_by AS "resolveBy",
              title LIKE '[soak %' AS "bySoak" FROM cases WHERE ${DUE_SQL} ORDER BY LEAST(respond_by, resolve_by) LIMIT 10`,
      [new Date(Date.now() - LATE_MS)],
    );

    // --- processes down (how long each takes is a figure too)
    // (scale-out: the survivors; the killed ones are gone already)
    const workerStop = await stopChild(opt.scaleOut ? workers.at(-1) : worker, 30_000);
    const apiStop = await stopChild(opt.scaleOut ? apis.at(-1).child : apiChild, 30_000);
    for (const w of workers.slice(1, -1)) await stopChild(w, 30_000);
    for (const a of apis.slice(1, -1)) await stopChild(a.child, 30_000);
    report.shutdown = {
      workerSeconds: workerStop.seconds,
      workerKilled: workerStop.killed,
      apiSeconds: apiStop.seconds,
      apiKilled: apiStop.killed,
    };
    if (workerStop.killed || apiStop.killed)
      violation(
        `SIGTERM did not stop ${workerStop.killed ? 'the worker' : 'the API'} within 30 s at the end`,
      );

    // --- the checks, from PostgreSQL
    log('checking the ledger …');
    const ids = [...created.keys()];
    const present = new Set(
      (await q(`SELECT id FROM cases WHERE id = ANY($1::uuid[])`, [ids])).map((r) => r.id),
    );
    const lost = ids.filter((id) => !present.has(id));
    if (lost.length)
      violation(
        `${lost.length} cases answered 201 are not in the database (e.g. ${lost.slice(0, 3).join(', ')})`,
      );
    const keyDoubles = [...keyed.entries()].filter(([, k]) => k.ids.size > 1);
    if (keyDoubles.length)
      violation(
        `${keyDoubles.length} idempotency keys answered with more than one case (e.g. ${keyDoubles[0][0]}: ${[...keyDoubles[0][1].ids].join(', ')})`,
      );
    const unanswered = [...keyed.entries()].filter(([, k]) => !k.answered).map(([key]) => key);
    if (unanswered.length)
      violation(`${unanswered.length} idempotency keys never got an answer (e.g. ${unanswered[0]})`);
    const byTitle = await q(
      `SELECT title, count(*)::int AS n FROM cases WHERE title LIKE $1 GROUP BY title`,
      [`[soak ${RUN} #%`],
    );
    const doubled = byTitle.filter((r) => r.n > 1);
    if (doubled.length)
      violation(
        `${doubled.length} requests made more than one case (e.g. "${doubled[0].title}" ×${doubled[0].n})`,
      );
    const soakCases = byTitle.reduce((a, r) => a + r.n, 0);
    const answeredPlain = plainTitles.filter((p) => p.status === 201).length;
    const answeredKeys = [...keyed.values()].filter((k) => k.ids.size > 0).length;
    const unknownPlain = plainTitles.filter((p) => p.status === 0 || p.status >= 500).length;
    // every case is one we were told about, except at most one per plain request whose answer never came
    if (soakCases < answeredPlain + answeredKeys || soakCases > answeredPlain + answeredKeys + unknownPlain) {
      violation(
        `${soakCases} soak cases in the database, but ${answeredPlain} plain and ${answeredKeys} keyed intakes answered (${unknownPlain} unanswered)`,
      );
    }
    const keyRows = (
      await q(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE $1`, [`soak-${RUN}-%`])
    )[0].n;
    if (keyRows !== keyed.size) violation(`${keyRows} idempotency_keys rows for ${keyed.size} keys sent`);

    // doubled events: the same deadline handled twice shows as two consecutive identical system events
    const dupEvents = await q(`
      SELECT case_id, type, count(*)::int AS n FROM (
        SELECT case_id, type, from_status, from_unit_id, to_unit_id, payload,
               lag(type) OVER w AS prev_type, lag(from_unit_id) OVER w AS prev_unit, lag(payload) OVER w AS prev_payload
          FROM case_events WINDOW w AS (PARTITION BY case_id ORDER BY seq)) e
       WHERE type IN ('overdue', 'escalate') AND prev_type = type AND prev_unit IS NOT DISTINCT FROM from_unit_id AND prev_payload = payload
       GROUP BY case_id, type`);
    if (dupEvents.length)
      violation(
        `${dupEvents.length} cases with a doubled ${dupEvents[0].type} event (e.g. case ${dupEvents[0].case_id})`,
      );
    // doubled notifications: never more deadline_missed / escalated_to_unit notices to one user than the events behind them
    const dupNotes = await q(`
      WITH ev AS (SELECT case_id, count(*) FILTER (WHERE type = 'overdue')::int AS overdue, count(*) FILTER (WHERE type = 'escalate')::int AS escalate
                    FROM case_events GROUP BY case_id)
      SELECT n.case_id, n.user_id, n.kind, count(*)::int AS n, max(ev.overdue) AS overdue, max(ev.escalate) AS escalate
        FROM notifications n JOIN ev ON ev.case_id = n.case_id
       WHERE n.kind IN ('deadline_missed', 'escalated_to_unit')
       GROUP BY n.case_id, n.user_id, n.kind
      HAVING count(*) > CASE WHEN n.kind = 'deadline_missed' THEN max(ev.overdue) ELSE max(ev.escalate) END`);
    if (dupNotes.length)
      violation(`${dupNotes.length} doubled notifications (e.g. ${JSON.stringify(dupNotes[0])})`);
    // every action answered 200 is an event of its case (as many of that type as were accepted, at least)
    const wanted = new Map();
    for (const a of acceptedActions)
      wanted.set(`${a.id} ${a.type}`, (wanted.get(`${a.id} ${a.type}`) ?? 0) + 1);
    const have = new Map(
      (
        await q(
          `SELECT case_id, type, count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) GROUP BY 1, 2`,
          [[...new Set(acceptedActions.map((a) => a.id))]],
        )
      ).map((r) => [`${r.case_id} ${r.type}`, r.n]),
    );
    let lostActions = 0;
    for (const [k, n] of wanted) lostActions += Math.max(0, n - (have.get(k) ?? 0));
    if (lostActions) violation(`${lostActions} actions answered 200 have no event in the database`);
    // an outbox job id written twice is not a doubled side effect: the id is deterministic per business key
    // (a deadline's case, kind and moment) and BullMQ adds a job id once; a figure, and the events and
    // notifications above are what must not double
    const dupOutbox = await q(
      `SELECT queue, job_id, count(*)::int AS n FROM outbox GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    report.outboxJobIdRepeats = dupOutbox.slice(0, 10);

    // every case equals the fold of its events
    const rows = await q(`SELECT * FROM cases`);
    const events = await q(
      `SELECT case_id, type, to_status, to_unit_id, payload, at FROM case_events ORDER BY case_id, seq`,
    );
    const byCase = new Map();
    for (const e of events) {
      const list = byCase.get(e.case_id) ?? [];
      list.push(e);
      byCase.set(e.case_id, list);
    }
    const notFold = [];
    for (const row of rows) {
      const folded = foldEvents(
        (byCase.get(row.id) ?? []).map((e) => ({
          type: e.type,
          toStatus: e.to_status,
          toUnitId: e.to_unit_id,
          payload: e.payload,
          at: new Date(e.at).toISOString(),
        })),
      );
      const want = rowToSnapshot(row);
      const canon = (o) => JSON.stringify(o, o ? Object.keys(o).sort() : undefined);
      if (canon(folded) !== canon(want)) notFold.push({ ledgerNo: row.ledger_no, row: want, fold: folded });
    }
    if (notFold.length)
      violation(
        `${notFold.length} of ${rows.length} cases differ from the fold of their events (e.g. ${JSON.stringify(notFold[0])})`,
      );

    if (fiveXX.length)
      violation(
        `${fiveXX.length} 5xx answers (or dropped connections) outside Redis's outage on endpoints that need it (e.g. ${JSON.stringify(fiveXX[0])})`,
      );

    // --- figures
    const [counts] = await q(`
      SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM case_events) AS events,
             (SELECT count(*)::int FROM case_events WHERE type = 'overdue') AS overdue,
             (SELECT count(*)::int FROM case_events WHERE type = 'escalate' AND actor_id IS NULL) AS "autoEscalations",
             (SELECT count(*)::int FROM notifications) AS notifications, (SELECT count(*)::int FROM outbox) AS "outboxRows",
             (SELECT count(*)::int FROM outbox WHERE delivered_at IS NULL) AS "outboxUndelivered"`);
    const pct = (xs, p) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : null;
    };
    report.requests = Object.fromEntries(
      [...stats.entries()]
        .sort()
        .map(([op, s]) => [
          op,
          { n: s.n, statuses: s.statuses, p50Ms: round(pct(s.ms, 50)), p99Ms: round(pct(s.ms, 99)) },
        ]),
    );
    report.totals = {
      requests: [...stats.values()].reduce((a, s) => a + s.n, 0),
      fiveXX: fiveXX.length,
      redisOutage503: redisWindow503.length,
      casesOpenedBySoak: soakCases,
      idempotencyKeys: keyed.size,
      keyRetries: stats.get('intakeKeyed')?.n - keyed.size,
      lost: lost.length,
      doubledCases: doubled.length + keyDoubles.length,
      doubledEvents: dupEvents.length,
      doubledNotifications: dupNotes.length,
      casesNotEqualToFold: notFold.length,
      ...counts,
      casesAtStart: startCases,
    };
    if (opt.scaleOut) {
      const requests = [...stats.values()].reduce((a, s) => a + s.n, 0);
      report.scaleOut = {
        apis: apis.length,
        workers: workers.length,
        requests,
        errors5xx: fiveXX.length + cutByKill.length,
        lostEvents:
          lost.length +
          lostActions +
          unanswered.length +
          (drained ? 0 : (last?.outbox ?? 0) + (last?.late ?? 0)),
        duplicateEvents: doubled.length + keyDoubles.length + dupEvents.length + dupNotes.length,
        // the parts
        errors5xxOutsideKill: fiveXX.length,
        cutByKill: cutByKill.length,
        proxyFailovers: proxy.counters.failovers,
        acceptedActions: acceptedActions.length,
        lostActions,
        lostCases: lost.length,
        casesOpened: soakCases,
        idempotencyKeys: keyed.size,
        keyRetries: (stats.get('intakeKeyed')?.n ?? 0) - keyed.size,
        overdueEvents: counts.overdue,
        autoEscalations: counts.autoEscalations,
        doubledDeadlineEvents: dupEvents.length,
        doubledNotifications: dupNotes.length,
        outboxJobIdRepeats: dupOutbox.length,
        lateDeadlines: report.lateDeadlines,
        oldestUnhandledDeadlineSeconds: report.oldestUnhandledDeadlineSeconds,
        kills: report.kills,
        minutes: opt.minutes,
      };
    }
    report.fiveXX = fiveXX.slice(0, 20);
    report.redisOutage503 = redisWindow503.slice(0, 20);
    report.seconds = round((Date.now() - t0) / 1000);
  } finally {
    if (proxy) proxy.server.close();
    if (proxy) proxy.server.closeAllConnections?.();
    await pool.end().catch(() => undefined);
    for (const c of [...children]) await stopChild(c, 10_000);
    rmSync(redisState.dir, { recursive: true, force: true });
    if (opt.keep) log(`kept database ${dbName}`);
    await dropDatabase();
  }
  report.ok = report.violations.length === 0;
  writeReport(report);
  return report;
}

// ---------------------------------------------------------------- report
function markdown(r) {
  const t = r.totals ?? {};
  const lines = [
    `## ${r.options.scaleOut ? `Scale-out (${r.scaleOut?.apis} APIs, ${r.scaleOut?.workers} workers, one of each SIGKILLed)` : 'Soak'} (${r.options.minutes} min, ~${r.options.rate} req/s, run ${r.run}, ${r.startedAt})`,
    ...(r.scaleOut ? ['', '```json', JSON.stringify(r.scaleOut), '```'] : []),
    '',
    `Verdict: **${r.ok ? 'no violation' : `${r.violations.length} violation(s)`}**`,
    ...(r.violations.length ? ['', ...r.violations.map((v) => `- ${v}`)] : []),
    '',
    '| figure | value |',
    '|---|---|',
    ['requests', t.requests],
    ['5xx (outside Redis outage)', t.fiveXX],
    ['503 during the Redis outage (endpoints needing Redis)', t.redisOutage503],
    ['cases opened by the soak', t.casesOpenedBySoak],
    ['idempotency keys · retries', `${t.idempotencyKeys} · ${t.keyRetries}`],
    [
      'lost · doubled cases · doubled events · doubled notifications',
      `${t.lost} · ${t.doubledCases} · ${t.doubledEvents} · ${t.doubledNotifications}`,
    ],
    ['cases ≠ fold of their events', `${t.casesNotEqualToFold} of ${t.cases}`],
    [
      'events · overdue · automatic escalations · notifications',
      `${t.events} · ${t.overdue} · ${t.autoEscalations} · ${t.notifications}`,
    ],
    ['outbox rows · undelivered at the end', `${t.outboxRows} · ${t.outboxUndelivered}`],
    [
      'worker restart: stop s (killed?)',
      r.workerRestart ? `${r.workerRestart.stopSeconds} (${r.workerRestart.killed ? 'killed' : 'no'})` : '—',
    ],
    [
      'Redis restart: down s · its backlog delivered after s',
      r.redisRestart ? `${r.redisRestart.downSeconds} · ${r.redisRestart.relayBackSeconds ?? 'never'}` : '—',
    ],
    ['drain s · oldest unhandled deadline s', `${r.drainSeconds} · ${r.oldestUnhandledDeadlineSeconds}`],
    [
      'shutdown: worker s · API s',
      r.shutdown ? `${r.shutdown.workerSeconds} · ${r.shutdown.apiSeconds}` : '—',
    ],
  ]
    .map((x) => (Array.isArray(x) ? `| ${x[0]} | ${x[1]} |` : x))
    .concat(['', '| request | n | statuses | p50 ms | p99 ms |', '|---|---|---|---|---|'])
    .concat(
      Object.entries(r.requests ?? {}).map(
        ([op, s]) =>
          `| ${op} | ${s.n} | ${Object.entries(s.statuses)
            .map(([k, v]) => `${k}×${v}`)
            .join(' ')} | ${s.p50Ms} | ${s.p99Ms} |`,
      ),
    );
  return lines.join('\n') + '\n';
}

const SOAK_START = '<!-- soak:start -->';
const SOAK_END = '<!-- soak:end -->';
function writeReport(r) {
  mkdirSync(opt.out, { recursive: true });
  const name = opt.scaleOut ? 'scaleout' : 'soak';
  writeFileSync(join(opt.out, `${name}.json`), JSON.stringify(r, null, 2) + '\n');
  writeFileSync(join(opt.out, `${name}.md`), markdown(r));
  // and into the bench report: results.soak (results.scaleOut, created if need be) and a section of report.md
  const json = join(opt.out, 'report.json');
  if (existsSync(json) || opt.scaleOut) {
    const rep = existsSync(json) ? JSON.parse(readFileSync(json, 'utf8')) : {};
    rep.results = {
      ...(rep.results ?? {}),
      ...(opt.scaleOut ? { scaleOut: { ...r.scaleOut, ok: r.ok, violations: r.violations } } : { soak: r }),
    };
    writeFileSync(json, JSON.stringify(rep, null, 2) + '\n');
  }
  if (opt.scaleOut) {
    process.stdout.write('\n' + markdown(r) + '\n');
    log(`wrote ${join(opt.out, 'scaleout.json')} and results.scaleOut in report.json`);
    return;
  }
  const md = join(opt.out, 'report.md');
  if (existsSync(md)) {
    const old = readFileSync(md, 'utf8');
    const section = `${SOAK_START}\n${markdown(r)}${SOAK_END}\n`;
    const s = old.indexOf(SOAK_START);
    const e = old.indexOf(SOAK_END);
    writeFileSync(
      md,
      s >= 0 && e > s
        ? old.slice(0, s) + section + old.slice(e + SOAK_END.length + 1)
        : `${old.trimEnd()}\n\n${section}`,
    );
  }
  process.stdout.write('\n' + markdown(r) + '\n');
  log(
    `wrote ${join(opt.out, 'soak.json')} and soak.md${existsSync(json) ? ' (and results.soak in report.json / report.md)' : ''}`,
  );
}

main()
  .then((r) => process.exit(r.ok ? 0 : 1))
  .catch(async (err) => {
    console.error(`soak: ${err.stack ?? err}`);
    for (const c of [...children]) await stopChild(c, 10_000).catch(() => undefined);
    if (redisState.dir) rmSync(redisState.dir, { recursive: true, force: true });
    await dropDatabase().catch(() => undefined);
    process.exit(1);
  });
