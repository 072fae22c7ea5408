#!/usr/bin/env node
// County scale, measured. `npm run bench` builds the API and worker, loads (or reuses) a million cases into
// the database `taizhang_bench`, runs the API and worker from dist/ as child processes, measures intake,
// dashboards, ledger lists, the Excel export and the deadline sweep — each beside a baseline measured in
// the same run — and writes bench/report.json and bench/report.md.
//
//   npm run bench                       full size (1,000,000 cases), reusing the data when it is there
//   npm run bench -- --fresh            drop taizhang_bench and generate again
//   npm run bench -- --small            20,000 cases, short runs (what CI runs through tools/bench/bench.spec.ts)
//   npm run bench -- --soak [--minutes M] the soak instead (tools/bench/soak.mjs: mixed traffic, faults, ledger checks)
//   npm run bench -- --scale-out [--minutes M] 2 APIs behind a proxy + 2 workers, one of each SIGKILLed
//                                        (soak.mjs --scale-out) → results.scaleOut in bench/report.json
//   npm run bench -- --only phone       the dashboard on a throttled phone (tools/bench/phone.mjs; --admin-dist DIR)
//   npm run bench -- --cases 5000000    the province world (18 cities, 160 counties, 2,500 towns) from 2,000,000
//                                        cases on (--world province|county chooses)
//   options: --cases N --enterprises N --intake-seconds S --warmup-seconds S --connections N --sweep-cases N --samples N
//            --database-url URL --redis-prefix P --out DIR --no-build
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { freePort, parseArgs } from '../lib.mjs';
import { BENCH_CITY_CODE, generate, withoutIndexes } from './generate.mjs';
import { load, percentile, request } from './load.mjs';
import { measurePhone, phoneUnavailable } from './phone.mjs';
import { requireTs } from './ts-sources.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------- options
const args = parseArgs(process.argv.slice(2));
if (args.soak || args['scale-out']) {
  // `npm run bench -- --soak …` / `-- --scale-out …`: the soak is a script of its own; its options pass through
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'tools/bench/soak.mjs'), ...process.argv.slice(2).filter((a) => a !== '--soak')],
    { stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
}
const small = Boolean(args.small);
const num = (k, full, tiny) => Number(args[k] ?? (small ? tiny : full));
const cases = num('cases', 1_000_000, 20_000);
/** `province` (18 cities, 160 counties, 2,500 towns) from 2,000,000 cases on, else `county` (1 city, 3, 60). */
const worldShape = args.world ?? (cases >= 2_000_000 ? 'province' : 'county');
if (!['province', 'county'].includes(worldShape)) {
  console.error(`bench: --world ${worldShape}: province or county`);
  process.exit(2);
}
const opt = {
  cases,
  world: worldShape,
  enterprises: num('enterprises', 50_000, 2_000),
  intakeSeconds: num('intake-seconds', 30, 3),
  warmupSeconds: num('warmup-seconds', 5, 1),
  connections: num('connections', 50, 50),
  sweepCases: num('sweep-cases', 10_000, 500),
  samples: num('samples', 100, 6),
  naiveSamples: num('naive-samples', 5, 3),
  databaseUrl:
    args['database-url'] ??
    process.env.BENCH_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/taizhang_bench',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  redisPrefix: args['redis-prefix'] ?? 'taizhang_bench',
  out: resolve(ROOT, args.out ?? 'bench'),
  fresh: Boolean(args.fresh),
  build: args.build !== false && !args['no-build'],
  /** `--cpu-prof DIR`: the API's CPU profile (tools/bench/cpu-prof.cjs), written to DIR when it stops. */
  cpuProf: args['cpu-prof'] ? resolve(String(args['cpu-prof'])) : null,
  /** The built admin app the `phone` phase serves (tools/serve-admin.mjs). */
  adminDist: resolve(ROOT, args['admin-dist'] ?? 'dist/apps/admin/browser'),
  /** `--only dashboard,ledgerList,sweepIdle`: measure just these (the report then holds only them); `--only none` loads the data. */
  only: args.only ? String(args.only).split(',') : null,
};
const wanted = (k) => !opt.only || opt.only.includes(k);
const ADMIN_PASSWORD = 'bench-admin-password-2026';
const MANAGER_PASSWORD = 'bench-manager-password-2026';
const dbName = decodeURIComponent(new URL(opt.databaseUrl).pathname.slice(1));
if (!/bench|test/.test(dbName)) {
  console.error(
    `bench: refusing database "${dbName}": its name must contain "bench" or "test" (the benchmark writes a million rows)`,
  );
  process.exit(2);
}

const t0 = Date.now();
const log = (m) =>
  process.stdout.write(`[bench +${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${m}\n`);
const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);
const children = new Set();

// ---------------------------------------------------------------- processes
function startChild(name, file, env, execArgv = []) {
  const child = spawn(process.execPath, [...execArgv, file], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  mkdirSync(join(opt.out, 'logs'), { recursive: true });
  const logFile = createWriteStream(join(opt.out, 'logs', `${name}.log`), { flags: 'a' });
  child.stdout.pipe(logFile);
  child.stderr.pipe(logFile);
  child.stderr.on('data', (d) => {
    const s = d.toString();
    if (/error|failed/i.test(s)) process.stderr.write(`${name}| ${s}`);
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function stopChild(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor(url, child, timeoutMs = 120_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the process exited with ${child.exitCode} (see ${opt.out}/logs/)`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- database
async function connect(url = opt.databaseUrl) {
  const c = new pg.Client({ connectionString: url, options: '-c jit=off' });
  await c.connect();
  return c;
}

async function prepareDatabase() {
  const admin = new URL(opt.databaseUrl);
  admin.pathname = '/postgres';
  const c = await connect(admin.toString());
  try {
    if (opt.fresh) {
      log(`--fresh: dropping database ${dbName}`);
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    }
    const { rowCount } = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [dbName]);
    if (!rowCount) await c.query(`CREATE DATABASE "${dbName}"`);
  } finally {
    await c.end();
  }
}

async function clearRedisPrefix() {
  const { Redis } = require('ioredis');
  const redis = new Redis(opt.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${opt.redisPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** The bench's cities: `BENCH` (the county world's only one, the province's first) and `BENCH02`…`BENCH18`. */
const BENCH_CITIES = `^${BENCH_CITY_CODE}([0-9]{2})?$`;

/** Load the data set unless it is there already (same world, at least the cases asked for). */
async function ensureData(db) {
  const { rows } = await db.query(`SELECT id FROM units WHERE code ~ $1 AND kind = 'city'`, [BENCH_CITIES]);
  if (rows[0]) {
    const have = rows.length > 1 ? 'province' : 'county';
    if (have !== opt.world)
      throw new Error(
        `${dbName} holds the ${have} world, not the ${opt.world} world asked for: run with --fresh`,
      );
    const { rows: n } = await db.query(
      `SELECT count(*)::int AS n FROM cases WHERE city_id = ANY($1::uuid[])`,
      [rows.map((r) => r.id)],
    );
    if (n[0].n >= opt.cases) {
      log(`reusing the data set: ${n[0].n} cases (npm run bench -- --fresh to generate again)`);
      return { reused: true, world: have, cases: n[0].n };
    }
    throw new Error(
      `${dbName} holds ${n[0].n} bench cases, fewer than the ${opt.cases} asked for: run with --fresh`,
    );
  }
  log(`generating the ${opt.world} world, ${opt.cases} cases, ${opt.enterprises} enterprises (COPY) …`);
  const started = Date.now();
  await db.query(`SET synchronous_commit = off`);
  const big = opt.cases >= 100_000;
  const run = () =>
    generate(db, {
      cases: opt.cases,
      enterprises: opt.enterprises,
      world: opt.world,
      log,
      connect: () => connect(),
    });
  const stats = big
    ? await withoutIndexes(
        db,
        ['cases', 'case_events', 'case_hops', 'enterprises', 'enterprise_instructors'],
        run,
        log,
      )
    : await run();
  let ts = Date.now();
  await db.query(
    `VACUUM (ANALYZE) units, users, enterprises, enterprise_instructors, cases, case_events, case_hops, ledger_sequences`,
  );
  stats.phases.vacuumAnalyze = round((Date.now() - ts) / 1000);
  ts = Date.now();
  const { rows: fn } = await db.query(`SELECT 1 FROM pg_proc WHERE proname = 'rebuild_case_stats'`);
  if (fn.length) {
    // the rebuild is a few big GROUP BYs over every case (and its hops and scope units): with the session's
    // default 4 MB they sort and hash on disk, batch after batch; this session alone may use more
    // (and its temporary table of every case's scope units, 4 rows a case, in local buffers rather than on disk:
    // temp_buffers can be set until the session first touches a temporary table, which this one has not)
    await db.query(`SET work_mem = '${big ? '1GB' : '64MB'}'`);
    if (big) await db.query(`SET temp_buffers = '1GB'`);
    await db.query(`SELECT rebuild_case_stats()`);
    await db.query(`RESET work_mem`);
    await db.query(`ANALYZE`);
    stats.phases.rebuildCaseStats = round((Date.now() - ts) / 1000);
  }
  // the resumption counters are kept by triggers as the enterprises are copied in; a rebuild costs a second
  const { rows: rfn } = await db.query(`SELECT 1 FROM pg_proc WHERE proname = 'rebuild_resumption_stats'`);
  if (rfn.length) await db.query(`SELECT rebuild_resumption_stats()`);
  stats.loadSeconds = round((Date.now() - started) / 1000);
  log(`loaded in ${stats.loadSeconds}s: ${JSON.stringify(stats.phases)}`);
  log(`on disk: ${JSON.stringify(await diskUse(db))}`);
  return { reused: false, ...stats };
}

/** The database's size on disk and its biggest tables (heap, indexes and TOAST), in MB. */
async function diskUse(db) {
  const { rows } = await db.query(
    `SELECT pg_database_size(current_database()) AS db,
            (SELECT json_object_agg(relname, mb) FROM (
               SELECT c.relname, round(pg_total_relation_size(c.oid) / 1048576.0) AS mb
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public'
                ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 8) t) AS tables`,
  );
  return { databaseMb: Math.round(Number(rows[0].db) / 1048576), tablesMb: rows[0].tables };
}

// ---------------------------------------------------------------- HTTP helpers
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
async function api(base, path, { token, method = 'GET', body, expect = 200 } = {}) {
  const res = await request(agent, `${base}${path}`, {
    method,
    body,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (expect && res.status !== expect)
    throw new Error(`${method} ${path}: ${res.status} ${res.body.toString().slice(0, 300)}`);
  return res.body.length && res.body[0] === 0x7b ? JSON.parse(res.body.toString()) : res.body;
}

/** POST /api/auth/login: the answer (accessToken, user). */
const login = (base, username, password) =>
  api(base, '/api/auth/login', { method: 'POST', body: { username, password }, expect: 200 });

/** Logs in as the bench's manager `username` of `unitId`, created by the admin first if it is not there yet. */
async function managerLogin(base, db, adminToken, { username, displayName, unitId }) {
  const exists = await db.query(`SELECT 1 FROM users WHERE username = $1`, [username]);
  if (!exists.rowCount) {
    await api(base, '/api/users', {
      token: adminToken,
      method: 'POST',
      expect: 201,
      body: { username, password: MANAGER_PASSWORD, displayName, role: 'manager', unitId },
    });
  }
  return login(base, username, MANAGER_PASSWORD);
}

async function timed(fn) {
  const s = performance.now();
  const v = await fn();
  return [performance.now() - s, v];
}
const p95 = (xs) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    95,
  );

// ---------------------------------------------------------------- dashboard
// The naive dashboard, as it was before the counters: GROUP BY over `cases` for the unit, per request.
const COUNTS = `count(*)::int AS total,
  count(*) FILTER (WHERE c.status IN ('resolved','closed'))::int AS solved,
  count(*) FILTER (WHERE c.status IN ('open','in_progress','escalated'))::int AS pending,
  count(*) FILTER (WHERE c.overdue AND c.status IN ('open','in_progress','escalated'))::int AS overdue`;
async function naiveSummary(pool, unitId) {
  const w = `(c.unit_id = $1 OR c.town_id = $1 OR c.county_id = $1 OR c.city_id = $1)`;
  const q = (sql) => pool.query(sql, [unitId]).then((r) => r.rows);
  const [totals, byStatus, byCategory, , byLevel, trend, median] = await Promise.all([
    q(`SELECT ${COUNTS} FROM cases c WHERE ${w}`),
    q(`SELECT c.status, count(*)::int AS n FROM cases c WHERE ${w} GROUP BY c.status`),
    q(
      `SELECT c.category_code, ${COUNTS} FROM cases c WHERE ${w} GROUP BY c.category_code ORDER BY total DESC`,
    ),
    q(
      `SELECT c.town_id AS unit_id, t.name AS unit_name, ${COUNTS} FROM cases c JOIN units t ON t.id = c.town_id WHERE ${w} GROUP BY c.town_id, t.name ORDER BY total DESC`,
    ),
    q(`SELECT c.level, ${COUNTS} FROM cases c WHERE ${w} GROUP BY c.level ORDER BY c.level`),
    q(`WITH days AS (SELECT generate_series((now() AT TIME ZONE 'Asia/Shanghai')::date - 29, (now() AT TIME ZONE 'Asia/Shanghai')::date, '1 day')::date AS d)
       SELECT to_char(days.d, 'YYYY-MM-DD') AS date,
              (SELECT count(*)::int FROM cases c WHERE ${w} AND (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date = days.d) AS opened,
              (SELECT count(*)::int FROM cases c WHERE ${w} AND (c.resolved_at AT TIME ZONE 'Asia/Shanghai')::date = days.d) AS solved
         FROM days ORDER BY days.d`),
    q(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.resolved_at - c.opened_at)) / 3600 AS h FROM cases c WHERE ${w} AND c.resolved_at IS NOT NULL`,
    ),
  ]);
  const counts = (r) => ({ total: r.total, solved: r.solved, pending: r.pending, overdue: r.overdue });
  return {
    ...counts(totals[0]),
    byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
    byCategory: Object.fromEntries(byCategory.map((r) => [r.category_code, counts(r)])),
    byLevel: Object.fromEntries(byLevel.map((r) => [String(r.level), counts(r)])),
    trend: trend.map((r) => `${r.date}:${r.opened}/${r.solved}`),
    medianHoursToSolve: median[0]?.h == null ? null : Math.round(Number(median[0].h) * 10) / 10,
  };
}
/** The API's answer in the naive answer's shape, for the comparison. */
function shapeOf(s) {
  const counts = (r) => ({ total: r.total, solved: r.solved, pending: r.pending, overdue: r.overdue });
  return {
    ...counts(s),
    byStatus: Object.fromEntries(Object.entries(s.byStatus ?? {}).filter(([, n]) => n > 0)),
    byCategory: Object.fromEntries(
      (s.byCategory ?? []).filter((r) => r.total > 0).map((r) => [r.categoryCode, counts(r)]),
    ),
    byLevel: Object.fromEntries(
      (s.byLevel ?? []).filter((r) => r.total > 0).map((r) => [String(r.level), counts(r)]),
    ),
    trend: (s.trend ?? []).map((r) => `${r.date}:${r.opened}/${r.solved}`),
    medianHoursToSolve: s.medianHoursToSolve,
  };
}
function differences(a, b, path = '') {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return a === b ? [] : [`${path}: api ${JSON.stringify(a)} ≠ group by ${JSON.stringify(b)}`];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => differences(a[k], b[k], `${path}.${k}`));
}

/** The units the per-level phases sample, by level. */
const unitLevels = (world) => ({ city: world.cities, county: world.counties, town: world.towns });

/**
 * One level's timed samples of GET `path?unitId=`: a warm-up, not counted (the JIT: the first ten or so answers
 * of a fresh process take 2-4x as long; and each unit's compacted counters, which the API caches per compaction
 * generation), then `opt.samples` timed answers over the level's units in a fixed order (`pickUnit`). The
 * first `keep` answers are kept, with their unit, for the caller's check against a baseline, which runs after
 * all the API's samples: a 30-s scan of a million rows between two samples would measure its leftovers
 * (evicted buffers) instead of the dashboard.
 */
async function sampleLevel(base, token, units, path, keep = opt.samples) {
  const pickUnit = (k) => units[(k * 7) % units.length];
  for (let k = 0; k < Math.min(20, opt.samples); k++)
    await api(base, `${path}?unitId=${pickUnit(k).id}`, { token });
  const times = [];
  const answers = [];
  for (let k = 0; k < opt.samples; k++) {
    const u = pickUnit(k);
    const [ms, s] = await timed(() => api(base, `${path}?unitId=${u.id}`, { token }));
    times.push(ms);
    if (k < keep) answers.push([u, s]);
  }
  return { pickUnit, times, answers };
}

async function measureDashboard(base, token, pool, world) {
  const p95Ms = {};
  const naiveP95Ms = {};
  const mismatches = [];
  let medianOff = 0;
  for (const [level, units] of Object.entries(unitLevels(world))) {
    const { times, answers } = await sampleLevel(
      base,
      token,
      units,
      '/api/dashboard/summary',
      opt.naiveSamples,
    );
    const naive = [];
    // the naive GROUP BY takes seconds per city answer at a million cases: a few samples say enough
    for (const [u, s] of answers) {
      const [nms, n] = await timed(() => naiveSummary(pool, u.id));
      naive.push(nms);
      const { medianHoursToSolve: ma, ...restA } = shapeOf(s);
      const { medianHoursToSolve: mb, ...restB } = n;
      mismatches.push(...differences(restA, restB, `${level}:${u.code}`));
      if (ma !== mb) medianOff = Math.max(medianOff, Math.abs((ma ?? 0) - (mb ?? 0)));
    }
    p95Ms[level] = round(p95(times));
    naiveP95Ms[level] = round(p95(naive));
  }
  // the whole jurisdiction (no unitId), as an admin's first screen
  const all = [];
  for (let k = 0; k < opt.samples; k++)
    all.push((await timed(() => api(base, `/api/dashboard/summary`, { token })))[0]);
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM cases`);
  return {
    cases: rows[0].n,
    p95Ms,
    naiveP95Ms,
    ratio: Object.fromEntries(
      Object.keys(p95Ms).map((k) => [k, round(naiveP95Ms[k] / Math.max(p95Ms[k], 0.01))]),
    ),
    allP95Ms: round(p95(all)),
    exact: mismatches.length === 0,
    mismatches: mismatches.slice(0, 10),
    medianHoursMaxDifference: round(medianOff, 2),
    samples: opt.samples,
    naive:
      'the GROUP BY queries of the dashboard before the counters, run straight on PostgreSQL (no HTTP): a floor for the naive cost',
  };
}

// ---------------------------------------------------------------- scorecard
// The reference: the scorecard's figures by a plain GROUP BY over cases, hops and events (libs/db
// stats/scorecard.store.ts scorecardByGroupBy, the same SQL), for the units asked and a range of opening days.
const SCORECARD_GROUP_BY = `WITH s AS (
     SELECT id AS case_id, '00000000-0000-0000-0000-000000000000'::uuid AS unit_id, TRUE AS agg FROM cases
     UNION ALL SELECT id, county_id, TRUE FROM cases WHERE county_id IS NOT NULL
     UNION ALL SELECT id, city_id, TRUE FROM cases WHERE city_id IS NOT NULL
     UNION ALL SELECT DISTINCT case_id, unit_id, FALSE FROM case_hops WHERE unit_id = ANY($1::uuid[])),
   sc AS (
     SELECT s.unit_id AS scope_unit, c.*, (s.agg OR s.unit_id = c.unit_id) AS st FROM s JOIN cases c ON c.id = s.case_id
      WHERE s.unit_id = ANY($1::uuid[])
        AND ($2::date IS NULL OR (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date >= $2::date)
        AND ($3::date IS NULL OR (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date <= $3::date)),
   f AS (
     SELECT scope_unit AS unit_id, count(*)::int AS received,
            count(*) FILTER (WHERE st AND status IN ('resolved', 'closed'))::int AS resolved,
            count(*) FILTER (WHERE st AND status = 'closed')::int AS closed,
            count(*) FILTER (WHERE st AND status = 'cancelled')::int AS cancelled,
            count(*) FILTER (WHERE st AND status IN ('resolved', 'closed') AND resolved_at IS NOT NULL AND (resolve_by IS NULL OR resolved_at <= resolve_by))::int AS on_time,
            count(*) FILTER (WHERE st AND overdue AND status IN ('open', 'in_progress', 'escalated'))::int AS overdue,
            count(*) FILTER (WHERE st AND rating IS NOT NULL)::int AS rated,
            coalesce(sum(rating) FILTER (WHERE st), 0)::int AS rating_sum
       FROM sc GROUP BY 1),
   ev AS (
     SELECT from_unit_id AS unit_id, count(*) FILTER (WHERE type = 'urge')::int AS urged, count(*) FILTER (WHERE type = 'return')::int AS returned,
            count(*) FILTER (WHERE type = 'approve_extension')::int AS extensions
       FROM case_events WHERE type IN ('urge', 'return', 'approve_extension') AND from_unit_id = ANY($1::uuid[])
        AND ($2::date IS NULL OR (at AT TIME ZONE 'Asia/Shanghai')::date >= $2::date)
        AND ($3::date IS NULL OR (at AT TIME ZONE 'Asia/Shanghai')::date <= $3::date)
      GROUP BY 1),
   med AS (SELECT scope_unit AS unit_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - opened_at) / 3600) AS median
           FROM sc WHERE st AND status IN ('resolved', 'closed') AND resolved_at IS NOT NULL GROUP BY 1)
   SELECT x.id AS unit_id, f.*, ev.urged, ev.returned, ev.extensions, med.median
     FROM unnest($1::uuid[]) AS x(id) LEFT JOIN f ON f.unit_id = x.id LEFT JOIN ev ON ev.unit_id = x.id LEFT JOIN med ON med.unit_id = x.id`;

/**
 * The API's median hours to resolve is read from log-scale buckets (half an octave wide) and interpolated: it
 * must lie within the exact median's bucket resolution (a factor √2 from 1 h, within 1 h below, ±0.05 h rounding).
 */
const medianWithinBucket = (got, want) =>
  want === null
    ? got === null
    : got !== null &&
      (Math.abs(got - want) <= 1.05 || (got <= want * Math.SQRT2 + 0.05 && got >= want / Math.SQRT2 - 0.05));

async function measureScorecard(base, token, pool, world) {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const daysAgo = (n) =>
    new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
  const ranges = { last30days: [daysAgo(29), today], allTime: [null, null] };
  const qs = (u, [from, to]) =>
    `/api/dashboard/scorecard?unitId=${u.id}${from ? `&from=${from}` : ''}${to ? `&to=${to}` : ''}`;
  const p95Ms = {};
  const mismatches = [];
  const medianErrors = [];
  let rows = 0;
  for (const [name, range] of Object.entries(ranges)) {
    const pick = (k) => world.counties[k % world.counties.length];
    for (let k = 0; k < Math.min(20, opt.samples); k++) await api(base, qs(pick(k), range), { token }); // warm-up
    const times = [];
    for (let k = 0; k < opt.samples; k++)
      times.push((await timed(() => api(base, qs(pick(k), range), { token })))[0]);
    p95Ms[name] = round(p95(times));
    // exactness: every county's scorecard against the GROUP BY (a few counties: each takes seconds at scale)
    for (const county of world.counties.slice(0, opt.naiveSamples)) {
      const card = await api(base, qs(county, range), { token });
      rows += card.items.length;
      const ids = card.items.map((r) => r.unitId);
      const { rows: ref } = await pool.query(SCORECARD_GROUP_BY, [ids, range[0], range[1]]);
      const byId = new Map(ref.map((r) => [r.unit_id, r]));
      for (const r of card.items) {
        const g = byId.get(r.unitId) ?? {};
        const want = {
          received: g.received ?? 0,
          resolved: g.resolved ?? 0,
          closed: g.closed ?? 0,
          cancelled: g.cancelled ?? 0,
          resolvedOnTime: g.on_time ?? 0,
          overdue: g.overdue ?? 0,
          rated: g.rated ?? 0,
          avgRating: g.rated ? Math.round((g.rating_sum / g.rated) * 100) / 100 : null,
          urged: g.urged ?? 0,
          returned: g.returned ?? 0,
          extensions: g.extensions ?? 0,
        };
        const got = Object.fromEntries(Object.keys(want).map((k) => [k, r[k]]));
        mismatches.push(...differences(got, want, `${name}:${r.unitName}`));
        const exactMedian = g.median == null ? null : Number(g.median);
        if (!medianWithinBucket(r.medianHoursToResolve, exactMedian))
          mismatches.push(
            `${name}:${r.unitName}.medianHoursToResolve: api ${r.medianHoursToResolve}, exact ${exactMedian}`,
          );
        if (exactMedian !== null && exactMedian >= 1)
          medianErrors.push(Math.abs(r.medianHoursToResolve - exactMedian) / exactMedian);
      }
    }
  }
  const { rows: n } = await pool.query(`SELECT count(*)::int AS n FROM cases`);
  return {
    cases: n[0].n,
    p95Ms,
    exact: mismatches.length === 0,
    mismatches: mismatches.slice(0, 10),
    rowsChecked: rows,
    // the median against the exact one (percentile_cont): relative error, mean and worst, units with median ≥ 1 h
    medianError: medianErrors.length
      ? {
          mean: round(medianErrors.reduce((a, e) => a + e, 0) / medianErrors.length, 4),
          max: round(Math.max(...medianErrors), 4),
          units: medianErrors.length,
        }
      : null,
    samples: opt.samples,
    ranges,
  };
}

/**
 * The one row of `sql` over `sub`, the ids of unit `unitId` and all below it (the baselines' own walk of the
 * tree, not the API's ancestor columns); `ctes` are further common table expressions, after `sub`.
 */
async function overSubtree(pool, unitId, sql, ctes = '') {
  const { rows } = await pool.query(
    `WITH RECURSIVE sub AS (SELECT id FROM units WHERE id = $1 UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)${ctes}
     ${sql}`,
    [unitId],
  );
  return rows[0];
}

// ---------------------------------------------------------------- resumption (复工复产)
// The summary's `resumption` block is read from per-unit counter rows kept by triggers on `enterprises`;
// the baseline is the GROUP BY over `enterprises` it replaces, which must give the same figures.
async function naiveResumption(pool, unitId) {
  const r = await overSubtree(
    pool,
    unitId,
    `SELECT count(*)::int AS enterprises, count(*) FILTER (WHERE scale = 'above')::int AS above, count(*) FILTER (WHERE scale <> 'above')::int AS below,
            count(*) FILTER (WHERE resumption = 'not_resumed')::int AS not_resumed, count(*) FILTER (WHERE resumption = 'resumed')::int AS resumed,
            count(*) FILTER (WHERE resumption = 'full_capacity')::int AS full_capacity,
            coalesce(sum(headcount), 0)::bigint AS headcount, coalesce(sum(returned_headcount), 0)::bigint AS returned
       FROM enterprises e WHERE e.unit_id IN (SELECT id FROM sub)`,
  );
  return {
    enterprises: r.enterprises,
    above: r.above,
    below: r.below,
    byStatus: { not_resumed: r.not_resumed, resumed: r.resumed, full_capacity: r.full_capacity },
    headcount: Number(r.headcount),
    returnedHeadcount: Number(r.returned),
  };
}

// the counter read of libs/db visits.store `resumptionFigures` (the same statement), straight on PostgreSQL
const RESUMPTION_COUNTERS = `WITH s AS (SELECT coalesce((SELECT CASE WHEN u.kind = 'bureau' THEN u.parent_id ELSE u.id END FROM units u WHERE u.id = $1), $1) AS id)
     SELECT (SELECT coalesce(json_agg(x), '[]') FROM (
               SELECT scale, resumption, n, headcount, returned_headcount FROM resumption_stats WHERE unit_id = (SELECT id FROM s)) x) AS stats,
            (SELECT coalesce(json_agg(x), '[]') FROM (
               SELECT to_char(day, 'YYYY-MM-DD') AS day, resumed, returned_headcount AS returned
                 FROM resumption_daily WHERE unit_id = (SELECT id FROM s) AND day > $2::date) x) AS daily`;

async function measureResumption(base, token, pool, world) {
  const p95Ms = {};
  const naiveP95Ms = {};
  const countersP95Ms = {};
  const mismatches = [];
  let checked = 0;
  for (const [level, units] of Object.entries(unitLevels(world))) {
    const { pickUnit, times, answers } = await sampleLevel(base, token, units, '/api/dashboard/summary');
    const counters = [];
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    for (let k = 0; k < opt.samples; k++)
      counters.push((await timed(() => pool.query(RESUMPTION_COUNTERS, [pickUnit(k).id, since])))[0]);
    countersP95Ms[level] = round(p95(counters));
    const naive = [];
    for (const [u, s] of answers.slice(0, Math.max(opt.naiveSamples, 10))) {
      const [nms, n] = await timed(() => naiveResumption(pool, u.id));
      naive.push(nms);
      checked++;
      const { trend: _t, ...got } = s.resumption ?? {};
      mismatches.push(...differences(got, n, `${level}:${u.code}`));
    }
    p95Ms[level] = round(p95(times));
    naiveP95Ms[level] = round(p95(naive));
  }
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM enterprises`);
  return {
    enterprises: rows[0].n,
    p95Ms,
    countersP95Ms,
    naiveP95Ms,
    ratio: Object.fromEntries(
      Object.keys(countersP95Ms).map((k) => [k, round(naiveP95Ms[k] / Math.max(countersP95Ms[k], 0.01))]),
    ),
    exact: mismatches.length === 0,
    checked,
    mismatches: mismatches.slice(0, 10),
    samples: opt.samples,
    what: 'p95Ms: GET /api/dashboard/summary?unitId= over HTTP (case counts and the resumption block); countersP95Ms: the resumption counter read alone, straight on PostgreSQL; naiveP95Ms: the GROUP BY over enterprises it replaces, straight on PostgreSQL',
  };
}

// ---------------------------------------------------------------- visits (走访)
// The generated world has no visits: the phase loads some once (4 of 5 enterprises, 1–4 visits each by their
// instructor over the last 60 days; the fifth never visited) and keeps `enterprises.last_visit_at` as a visit
// does. The dashboard's counts read `last_visit_at`; the baseline counts from the `visits` rows themselves.
async function ensureVisits(pool) {
  const { rows: t } = await pool.query(`SELECT to_regclass('visits') IS NOT NULL AS x`);
  if (!t[0].x) return null;
  const { rows: n } = await pool.query(`SELECT count(*)::int AS n FROM visits`);
  if (n[0].n > 0) return n[0].n;
  const s = performance.now();
  const { rowCount } = await pool.query(
    `WITH e AS (SELECT e.id, e.town_id, row_number() OVER (ORDER BY e.id) AS k,
                       (SELECT ei.user_id FROM enterprise_instructors ei WHERE ei.enterprise_id = e.id LIMIT 1) AS visitor
                  FROM enterprises e)
     INSERT INTO visits (enterprise_id, town_id, visitor_id, visited_at, note, problems_raised)
     SELECT e.id, e.town_id, e.visitor, now() - make_interval(mins => ((e.k * 37 + g * 1009) % 86400)::int), 'bench 走访', (e.k % 3)::int
       FROM e, generate_series(1, 1 + (e.k % 4)::int) g
      WHERE e.k % 5 <> 0 AND e.visitor IS NOT NULL`,
  );
  await pool.query(
    `UPDATE enterprises e SET last_visit_at = v.m FROM (SELECT enterprise_id, max(visited_at) AS m FROM visits GROUP BY 1) v
      WHERE v.enterprise_id = e.id`,
  );
  await pool.query(`ANALYZE visits, enterprises`);
  log(`loaded ${rowCount} visits in ${((performance.now() - s) / 1000).toFixed(1)}s`);
  return rowCount;
}

async function naiveVisits(pool, unitId) {
  const r = await overSubtree(
    pool,
    unitId,
    `SELECT count(*)::int AS enterprises, count(*) FILTER (WHERE m > now() - interval '7 days')::int AS visited7d,
            count(*) FILTER (WHERE m > now() - interval '30 days')::int AS visited30d,
            count(*) FILTER (WHERE m IS NULL)::int AS never
       FROM last`,
    `,
          last AS (SELECT e.id, (SELECT max(v.visited_at) FROM visits v WHERE v.enterprise_id = e.id) AS m
                     FROM enterprises e WHERE e.town_id IN (SELECT id FROM sub))`,
  );
  return {
    enterprises: r.enterprises,
    visited7d: r.visited7d,
    visited30d: r.visited30d,
    neverVisited: r.never,
  };
}

async function measureVisits(base, token, pool, world) {
  const visits = await ensureVisits(pool);
  if (visits === null) return { skipped: 'no visits table (a build before issue 15)' };
  const p95Ms = {};
  const naiveP95Ms = {};
  const mismatches = [];
  let checked = 0;
  const figures = (d) => ({
    enterprises: d.enterprises,
    visited7d: d.visited7d,
    visited30d: d.visited30d,
    neverVisited: d.neverVisited,
  });
  for (const [level, units] of Object.entries(unitLevels(world))) {
    const { pickUnit, times } = await sampleLevel(base, token, units, '/api/dashboard/visits', 0);
    p95Ms[level] = round(p95(times));
    const naive = [];
    for (let k = 0; k < Math.min(units.length, Math.max(opt.naiveSamples, 10)); k++) {
      const u = pickUnit(k);
      // the API's answer and the count over the visits rows, read back to back (a visit may cross a window's
      // edge in between: both are read once more before it counts as a mismatch)
      let diff = [];
      for (let attempt = 0; attempt < 2; attempt++) {
        const got = figures(await api(base, `/api/dashboard/visits?unitId=${u.id}`, { token }));
        const [nms, want] = await timed(() => naiveVisits(pool, u.id));
        if (attempt === 0) naive.push(nms);
        diff = differences(got, want, `${level}:${u.code}`);
        if (!diff.length) break;
      }
      checked++;
      mismatches.push(...diff);
    }
    naiveP95Ms[level] = round(p95(naive));
  }
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE last_visit_at IS NULL)::int AS never FROM enterprises`,
  );
  return {
    enterprises: rows[0].n,
    neverVisited: rows[0].never,
    visits,
    p95Ms,
    naiveP95Ms,
    exact: mismatches.length === 0,
    checked,
    mismatches: mismatches.slice(0, 10),
    samples: opt.samples,
    what: 'p95Ms: GET /api/dashboard/visits?unitId= over HTTP (per town: enterprises, visited in 7 and 30 days, never visited; per instructor: visits); naiveP95Ms: the same counts from the visits rows, straight on PostgreSQL; exact: the two agree',
  };
}

// ---------------------------------------------------------------- ledger lists
async function measureLedgerList(base, tokens, pool, world) {
  const { rows: probe } = await pool.query(
    `SELECT c.ledger_no, e.name FROM cases c JOIN enterprises e ON e.id = c.enterprise_id WHERE c.city_id = $1 ORDER BY c.opened_at DESC LIMIT 1 OFFSET 1000`,
    [world.city.id],
  );
  const ledgerNo = probe[0].ledger_no;
  const entName = probe[0].name;
  const town = world.towns[5];
  const county = world.counties[1];
  const queries = {
    newest: 'pageSize=20',
    pending: 'status=open,in_progress,escalated',
    categoryClosed: 'category=labor&status=closed',
    town: `unitId=${town.id}`,
    countyOverdue: `unitId=${county.id}&overdue=true`,
    level2: 'level=2',
    ledgerNo: `q=${encodeURIComponent(ledgerNo)}`,
    enterpriseName: `q=${encodeURIComponent(entName.slice(2, 6))}`,
    byDeadline: 'status=in_progress&sort=resolveBy',
    page3: 'page=3&pageSize=50',
  };
  const perQuery = {};
  const all = [];
  const run = async (name, token, qs) => {
    await api(base, `/api/cases?${qs}`, { token }); // warm-up
    const times = [];
    for (let k = 0; k < Math.max(5, Math.round(opt.samples / 2)); k++)
      times.push((await timed(() => api(base, `/api/cases?${qs}`, { token })))[0]);
    perQuery[name] = round(p95(times));
    all.push(...times);
  };
  for (const [name, qs] of Object.entries(queries)) await run(name, tokens.admin, qs);
  await run('countyManager', tokens.manager, 'pageSize=20');
  await run('countyManagerPending', tokens.manager, 'status=open,in_progress,escalated');
  // deep pages: 100 pages by cursor vs the same depth by offset
  const pages = small ? 20 : 100;
  const keyset = [];
  let cursor = null;
  let lastItems = null;
  for (let k = 0; k < pages; k++) {
    const [ms, body] = await timed(() =>
      api(base, `/api/cases?pageSize=50${cursor ? `&cursor=${cursor}` : ''}`, { token: tokens.admin }),
    );
    if (k > 0) keyset.push(ms);
    cursor = body.nextCursor;
    lastItems = body.items;
    if (!cursor) break;
  }
  const offset = [];
  let same = null;
  for (let k = 0; k < 5; k++) {
    const [ms, body] = await timed(() =>
      api(base, `/api/cases?pageSize=50&page=${pages}`, { token: tokens.admin }),
    );
    offset.push(ms);
    same = body.items.map((c) => c.id).join() === lastItems.map((c) => c.id).join();
  }
  return {
    cases: (await pool.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n,
    p95Ms: round(p95(all)),
    p50Ms: round(
      percentile(
        [...all].sort((a, b) => a - b),
        50,
      ),
    ),
    queries: perQuery,
    keysetDeepP95Ms: round(p95(keyset)),
    offsetDeepP95Ms: round(p95(offset)),
    deepPage: pages,
    keysetMatchesOffset: same,
  };
}

// ---------------------------------------------------------------- export
async function measureExport(base, token, pool, apiChild) {
  const filter = 'category=policy';
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM cases WHERE category_code = 'policy'`);
  const file = join(opt.out, 'export.xlsx');
  const before = rssMb(apiChild.pid);
  let peak = before ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(apiChild.pid) ?? 0)), 50);
  const s = performance.now();
  await new Promise((resolveP, reject) => {
    const u = new URL(`${base}/api/cases/export.xlsx?${filter}`);
    http
      .get(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname + u.search,
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`export: ${res.statusCode}`));
          pipeline(res, createWriteStream(file)).then(resolveP, reject);
        },
      )
      .on('error', reject);
  });
  const seconds = (performance.now() - s) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(apiChild.pid) ?? 0);
  // the workbook holds every row (read back as a stream, not timed)
  const ExcelJS = require('exceljs');
  let count = 0;
  for await (const ws of new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
  })) {
    for await (const row of ws) if (row.number > 1) count++;
  }
  const bytes = statSync(file).size;
  rmSync(file, { force: true });
  // baseline: the same rows read with pg in the same keyset batches, written as CSV to nowhere
  const sb = performance.now();
  let after = null;
  let n = 0;
  for (;;) {
    const p = after ? [after.at, after.id] : [];
    const { rows: batch } = await pool.query(
      `SELECT c.ledger_no, c.title, c.status, c.level, c.priority, c.overdue, c.opened_at, c.resolve_by, c.resolved_at, c.closed_at,
              c.resolution, c.id, e.name AS enterprise_name, u.name AS unit_name, cat.name_zh AS category_name
         FROM cases c JOIN enterprises e ON e.id = c.enterprise_id JOIN units u ON u.id = c.unit_id JOIN categories cat ON cat.code = c.category_code
        WHERE c.category_code = 'policy' ${after ? 'AND (c.opened_at, c.id) < ($1::timestamptz, $2::uuid)' : ''}
        ORDER BY c.opened_at DESC, c.id DESC LIMIT 2000`,
      p,
    );
    for (const r of batch) Object.values(r).join(',');
    n += batch.length;
    if (batch.length < 2000) break;
    const last = batch[batch.length - 1];
    after = { at: last.opened_at.toISOString(), id: last.id };
  }
  const baselineSeconds = (performance.now() - sb) / 1000;
  return {
    rows: count,
    expectedRows: rows[0].n,
    seconds: round(seconds, 2),
    rowsPerSec: Math.round(count / seconds),
    peakRssMb: round(peak),
    rssBeforeMb: round(before),
    bytes,
    baselineSeconds: round(baselineSeconds, 2),
    baselineRows: n,
    ratio: round(seconds / Math.max(baselineSeconds, 0.001)),
    baseline:
      'the same rows read with pg in the same keyset batches and joined into CSV lines (no workbook, no HTTP)',
  };
}

// ---------------------------------------------------------------- intake
async function measureIntake(base, token, pool, world) {
  const { rows: ents } = await pool.query(
    `SELECT id FROM enterprises WHERE town_id = ANY($1::uuid[]) ORDER BY random() LIMIT 2000`,
    [world.towns.map((t) => t.id)],
  );
  const cats = ['labor', 'transport', 'funding', 'supplies', 'sales', 'land', 'policy', 'other'];
  const body = (i) => ({
    enterpriseId: ents[i % ents.length].id,
    categoryCode: cats[i % cats.length],
    title: `压测登记问题 ${i}：缺少熟练工人`,
    description: '企业订单恢复，但返岗员工不足，请协调招聘。',
    priority: i % 10 === 0 ? 'urgent' : 'normal',
  });
  // Each side first gets the same warm-up, not counted: the JIT compiles the hot path, every pooled
  // connection prepares its statements, the enterprises' pages come into the cache. What is measured is
  // the steady state, for the API and the baseline alike.
  const run = async (url, headers) => {
    if (opt.warmupSeconds > 0) {
      await load({
        connections: opt.connections,
        seconds: opt.warmupSeconds,
        makeRequest: (i) => ({ url, method: 'POST', headers, body: body(i) }),
      });
    }
    return load({
      connections: opt.connections,
      seconds: opt.intakeSeconds,
      makeRequest: (i) => ({ url, method: 'POST', headers, body: body(i) }),
    });
  };
  log(
    `intake: POST /api/cases, ${opt.connections} connections, ${opt.intakeSeconds}s after ${opt.warmupSeconds}s of warm-up …`,
  );
  const apiRes = await run(`${base}/api/cases`, { authorization: `Bearer ${token}` });
  log(
    `  api: ${apiRes.reqPerSec} req/s, p50 ${apiRes.p50Ms} ms, p99 ${apiRes.p99Ms} ms ${JSON.stringify(apiRes.statuses)}`,
  );
  const port = await freePort();
  const baseline = startChild('baseline', join(ROOT, 'tools/bench/baseline-server.mjs'), {
    DATABASE_URL: opt.databaseUrl,
    PORT: String(port),
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/api/health`, baseline, 30_000);
    const b = await run(`http://127.0.0.1:${port}/api/cases`, {});
    log(
      `  baseline: ${b.reqPerSec} req/s, p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms ${JSON.stringify(b.statuses)}`,
    );
    return {
      connections: opt.connections,
      seconds: opt.intakeSeconds,
      warmupSeconds: opt.warmupSeconds,
      requests: apiRes.requests,
      reqPerSec: apiRes.reqPerSec,
      p50Ms: apiRes.p50Ms,
      p99Ms: apiRes.p99Ms,
      statuses: apiRes.statuses,
      errors: apiRes.errors,
      baselineReqPerSec: b.reqPerSec,
      baselineP50Ms: b.p50Ms,
      baselineP99Ms: b.p99Ms,
      baselineStatuses: b.statuses,
      ratio: round(apiRes.reqPerSec / Math.max(b.reqPerSec, 0.1), 2),
      baseline: 'bare node:http + pg, the same transaction and read-back, no NestJS/validation/auth/TypeORM',
    };
  } finally {
    await stopChild(baseline);
  }
}

// ---------------------------------------------------------------- sweep
const DUE = `status IN ('open','in_progress','escalated')
  AND ((respond_by <= now() AND NOT overdue AND status IN ('open','escalated')) OR (resolve_by <= now() AND (NOT overdue OR level = 0)))`;

/** The real worker (dist/apps/worker), sweeping every 200 ms, as child `name` (its log: logs/`name`.log). */
function startSweepWorker(name, apiEnv) {
  return startChild(name, join(ROOT, 'dist/apps/worker/main.js'), {
    ...apiEnv,
    SWEEP_INTERVAL_MS: '200',
    RELAY_INTERVAL_MS: '500',
  });
}

/**
 * Waits until the worker has cleared every case due (and 1.5 s have passed, so a pass under way ends),
 * at most 300 s; returns how many were due when it began.
 */
async function waitDueCleared(pool, worker, name) {
  const start = Date.now();
  let pre = null;
  for (;;) {
    if (worker.exitCode !== null)
      throw new Error(`the worker exited with ${worker.exitCode} (see ${opt.out}/logs/${name}.log)`);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM cases WHERE ${DUE}`);
    pre ??= rows[0].n;
    if (rows[0].n === 0 && Date.now() - start > 1500) return pre;
    if (Date.now() - start > 300_000)
      throw new Error(`the worker did not clear ${rows[0].n} due cases in 300s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Wait until the worker's start-up catch-up of the daily reports (每日清零: it queues yesterday's freeze at each
 * start) has finished: that freeze reads every case of a unit not yet frozen, and the bench's earlier runs each
 * leave a town of their own that is not. Run inside a measured window it competed with what is measured
 * (seen: 6–14 s of one sweep window at 200,000 cases, tools/bench/README.md, "Cost check of issue 16").
 */
async function waitCatchUpFreeze(worker, name) {
  const { QUEUES, dailyReportJobId } = requireTs('libs/queue/src/queues.ts');
  const { yesterdayInShanghai } = requireTs('libs/db/src/daily-reports/daily-reports.store.ts');
  const key = `${opt.redisPrefix}:${QUEUES.reports}:${dailyReportJobId(yesterdayInShanghai(new Date()))}`;
  const { Redis } = require('ioredis');
  const redis = new Redis(opt.redisUrl, { maxRetriesPerRequest: 1 });
  const start = Date.now();
  try {
    for (;;) {
      if (worker.exitCode !== null)
        throw new Error(`the worker exited with ${worker.exitCode} (see ${opt.out}/logs/${name}.log)`);
      if (await redis.hget(key, 'finishedOn')) return round((Date.now() - start) / 1000, 2);
      if (Date.now() - start > 300_000)
        throw new Error(`the worker's catch-up freeze of the daily reports did not finish in 300s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    redis.disconnect();
  }
}

/** SQL: each case row `c` once per unit of its scope (all units, county, city, town): `s.unit_id`, as the API counts. */
const SCOPE_OF_CASE = `CROSS JOIN LATERAL (VALUES ('00000000-0000-0000-0000-000000000000'::uuid), (c.county_id), (c.city_id), (c.town_id)) s(unit_id)`;

async function measureSweep(pool, world, apiEnv) {
  // notifications an earlier phase left undelivered (the intake's `opened`, an earlier run's sweep) would be
  // delivered inside the measured window, by as many as are left: they are set aside (their outbox rows
  // marked delivered; the report counts them)
  const { rowCount: setAside } = await pool.query(
    `UPDATE outbox SET delivered_at = now() WHERE delivered_at IS NULL AND queue = 'notifications'`,
  );
  const worker = startSweepWorker('worker', apiEnv);
  try {
    // first let the worker clear whatever was due already (data reused from an earlier day), so only ours is left
    const pre = await waitDueCleared(pool, worker, 'worker');
    const catchUpWaitSeconds = await waitCatchUpFreeze(worker, 'worker');
    // a town of its own with N cases whose resolve-by passes at one moment, with no deadline jobs queued:
    // only the safety-net sweep can find them
    const tag = Date.now().toString(36).toUpperCase();
    const county = world.counties[0];
    const c = await pool.connect();
    let dueAt;
    let townId;
    try {
      await c.query('BEGIN');
      townId = (
        await c.query(
          `INSERT INTO units (code, name, kind, parent_id) VALUES ($1, $2, 'town', $3) RETURNING id`,
          [`SW${tag}`, `压测清扫镇${tag}`, county.id],
        )
      ).rows[0].id;
      const entId = (
        await c.query(
          `INSERT INTO enterprises (name, credit_code, scale, unit_id, town_id) VALUES ($1, $2, 'below', $3, $3) RETURNING id`,
          [`压测清扫企业${tag}`, `SWEEP${tag}`, townId],
        )
      ).rows[0].id;
      const opener = (await c.query(`SELECT id FROM users WHERE username = 'admin'`)).rows[0].id;
      const { rows: nowRow } = await c.query(`SELECT now() + interval '4 seconds' AS due`);
      dueAt = nowRow[0].due;
      await c.query(
        `INSERT INTO cases (ledger_no, enterprise_id, category_code, title, description, priority, status, level, unit_id, town_id, county_id, city_id,
                            assignee_id, respond_by, resolve_by, opened_by_id, opened_at, updated_at, version)
         SELECT $1 || '-' || to_char(now(), 'YYYY') || '-' || lpad(g::text, 5, '0'), $2, (ARRAY['labor','transport','funding','supplies','sales','land','policy','other'])[1 + g % 8],
                '清扫压测 ' || g, '到期未处理', 'normal', 'in_progress', 0, $3, $3, $4, $5, NULL, NULL, $6::timestamptz, $7, $8::timestamptz - interval '3 days', $8::timestamptz - interval '3 days', 2
           FROM generate_series(1, $9::int) g`,
        [`SW${tag}`, entId, townId, county.id, world.city.id, dueAt, opener, dueAt, opt.sweepCases],
      );
      await c.query(
        `INSERT INTO case_events (case_id, type, actor_id, at, from_status, to_status, from_unit_id, to_unit_id, payload)
         SELECT id, 'open', opened_by_id, opened_at, NULL, 'open', NULL, unit_id, jsonb_build_object('resolveBy', resolve_by) FROM cases WHERE town_id = $1`,
        [townId],
      );
      await c.query(
        `INSERT INTO case_events (case_id, type, actor_id, at, from_status, to_status, from_unit_id, to_unit_id, payload)
         SELECT id, 'assign', opened_by_id, opened_at + interval '1 hour', 'open', 'in_progress', unit_id, unit_id, '{}' FROM cases WHERE town_id = $1`,
        [townId],
      );
      await c.query(
        `INSERT INTO case_hops (case_id, unit_id, level, arrived_at) SELECT id, unit_id, 0, opened_at FROM cases WHERE town_id = $1`,
        [townId],
      );
      await c.query(
        `INSERT INTO ledger_sequences (town_id, year, last_seq) VALUES ($1, extract(year FROM now())::int, $2)`,
        [townId, opt.sweepCases],
      );
      // the dashboards count the new town's cases too: their deltas, as the API would have appended them (a
      // rebuild_case_stats() here would lock the counters for a minute at 1M cases, and the sweep with them)
      await c.query(
        `INSERT INTO case_stats_deltas (unit_id, category_code, level, status, overdue, n)
         SELECT s.unit_id, c.category_code, c.level, c.status, c.overdue, count(*)
           FROM cases c ${SCOPE_OF_CASE}
          WHERE c.town_id = $1 GROUP BY 1, 2, 3, 4, 5`,
        [townId],
      );
      await c.query(
        `INSERT INTO case_daily_deltas (unit_id, day, opened, solved)
         SELECT s.unit_id, (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date, count(*), 0
           FROM cases c ${SCOPE_OF_CASE}
          WHERE c.town_id = $1 GROUP BY 1, 2`,
        [townId],
      );
      // and the scorecard's `received` (the case reached the town the day it was opened), as the intake
      // statement appends it: without it a later scorecard phase on this data finds the town's cases missing
      await c.query(
        `INSERT INTO case_unit_day_deltas (unit_id, day, received)
         SELECT s.unit_id, (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date, count(*)
           FROM cases c ${SCOPE_OF_CASE}
          WHERE c.town_id = $1 GROUP BY 1, 2`,
        [townId],
      );
      // cases three days old were told hours ago that their deadline was near (issue 13): without the marks
      // the worker's near pass would tell all N of them in the 4 s before they fall due (N notifications more,
      // delivered inside the measured window, which a real sweep never meets)
      await c.query(
        `INSERT INTO deadline_near_marks (case_id, resolve_by) SELECT id, resolve_by FROM cases WHERE town_id = $1`,
        [townId],
      );
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
    log(`sweep: ${opt.sweepCases} cases due at ${new Date(dueAt).toISOString()} …`);
    let seconds = null;
    for (;;) {
      const { rows } = await pool.query(
        `SELECT count(*) FILTER (WHERE level >= 1)::int AS done FROM cases WHERE town_id = $1`,
        [townId],
      );
      const late = Date.now() - new Date(dueAt).getTime();
      if (rows[0].done >= opt.sweepCases) {
        seconds = late / 1000;
        break;
      }
      if (worker.exitCode !== null)
        throw new Error(`the worker exited with ${worker.exitCode} (see ${opt.out}/logs/worker.log)`);
      if (late > 900_000)
        throw new Error(`sweep: only ${rows[0].done} of ${opt.sweepCases} handled after 900s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // give a second sweep (and any duplicated job) time to do it again, then count
    await new Promise((r) => setTimeout(r, 2000));
    const { rows: ev } = await pool.query(
      `SELECT count(*) FILTER (WHERE ev.type = 'overdue')::int AS overdue, count(*) FILTER (WHERE ev.type = 'escalate')::int AS escalate,
              (count(*) - count(DISTINCT (ev.case_id, ev.type)))::int AS duplicates
         FROM case_events ev JOIN cases c ON c.id = ev.case_id WHERE c.town_id = $1 AND ev.type IN ('overdue', 'escalate')`,
      [townId],
    );
    return {
      cases: opt.sweepCases,
      seconds: round(seconds, 2),
      casesPerSec: round(opt.sweepCases / seconds),
      duplicates: ev[0].duplicates,
      overdueEvents: ev[0].overdue,
      escalateEvents: ev[0].escalate,
      preexistingDue: pre,
      notificationsSetAside: setAside,
      catchUpWaitSeconds,
      sweepIntervalMs: 200,
      expected: `${opt.sweepCases} overdue + ${opt.sweepCases} escalate events (one each per case)`,
    };
  } finally {
    await stopChild(worker);
  }
}

// ---------------------------------------------------------------- sweepIdle
/**
 * The worker's own sweep, loaded from its TypeScript sources (as the soak loads the fold): SweepService's
 * `sweepOnce` (advisory lock, DeadlineService's `sweep` with its due-deadlines statement, unlock) on a
 * DataSource stand-in that runs every statement on one plain `pg` client, as the worker's pool would.
 * Nothing here copies the worker's SQL, so the figure follows the statement when it changes.
 */
function loadWorkerSweep() {
  require('reflect-metadata');
  const { DeadlineService } = requireTs('apps/worker/src/deadlines/deadline.service.ts');
  const { SweepService } = requireTs('apps/worker/src/deadlines/sweep.service.ts');
  const { ENV_VARS } = requireTs('libs/config/src/config.ts');
  const defaultIntervalMs = Number(ENV_VARS.find((v) => v.name === 'SWEEP_INTERVAL_MS').devDefault);
  return { DeadlineService, SweepService, defaultIntervalMs };
}

/** CPU time (user + system, ms) of a PostgreSQL backend, from /proc (null when it cannot be read). */
function backendCpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

async function measureSweepIdle(pool, apiEnv) {
  const { DeadlineService, SweepService, defaultIntervalMs } = loadWorkerSweep();
  // first the real worker clears whatever is due (data reused from an earlier day), so the passes are idle
  const worker = startSweepWorker('worker-idle', apiEnv);
  let pre = null;
  try {
    pre = await waitDueCleared(pool, worker, 'worker-idle');
    await waitCatchUpFreeze(worker, 'worker-idle');
  } finally {
    await stopChild(worker);
  }
  const client = await connect();
  try {
    const { rows: b } = await client.query(`SELECT pg_backend_pid() AS pid, now() AS now`);
    // every pass asks "what is due at this moment", the moment nothing was: a deadline passing during the
    // measurement does not make a pass do work (the stand-in refuses to write: an idle pass never does)
    const at = b[0].now;
    let wrote = false; // sweepOnce logs and swallows a failed pass: the stand-in remembers instead
    const query = (sql, params) => client.query(sql, params).then((r) => r.rows);
    const ds = {
      query,
      createQueryRunner: () => ({ connect: async () => undefined, query, release: async () => undefined }),
      transaction: () => {
        wrote = true;
        return Promise.reject(new Error('sweepIdle: a pass found something due (it must be idle)'));
      },
    };
    const deadlines = new DeadlineService(ds, async () => undefined);
    const realSweep = deadlines.sweep.bind(deadlines);
    deadlines.sweep = () => realSweep(at);
    // the pass's "deadline near" notices (issue 13, DeadlineNearService) write in a transaction, which the
    // stand-in refuses: not measured here (the stub keeps sweepOnce from failing on a missing service)
    const near = { notifyNear: async () => 0 };
    const sweeper = new SweepService(ds, deadlines, { sweepIntervalMs: defaultIntervalMs }, near);
    const passes = small ? 20 : 50;
    for (let k = 0; k < 5; k++) await sweeper.sweepOnce(); // warm-up, not counted: plans, buffers
    if (wrote) throw new Error('sweepIdle: a pass found deadlines due (it must be idle)');
    const times = [];
    const cpu0 = backendCpuMs(b[0].pid);
    for (let k = 0; k < passes; k++) {
      const s = performance.now();
      const n = await sweeper.sweepOnce();
      times.push(performance.now() - s);
      if (n !== 0 || wrote) throw new Error('sweepIdle: a pass found deadlines due (it must be idle)');
    }
    const cpu1 = backendCpuMs(b[0].pid);
    const sorted = [...times].sort((x, y) => x - y);
    const p50Ms = percentile(sorted, 50);
    const p95Ms = percentile(sorted, 95);
    const passesPerHour = 3_600_000 / defaultIntervalMs;
    return {
      cases: Number((await client.query(`SELECT count(*)::int AS n FROM cases`)).rows[0].n),
      passes,
      p50Ms,
      p95Ms,
      maxMs: round(sorted[sorted.length - 1], 2),
      pgCpuMsPerPass: cpu0 == null || cpu1 == null ? null : round((cpu1 - cpu0) / passes, 2),
      sweepIntervalMs: defaultIntervalMs,
      passesPerHour,
      cpuSecondsPerHour: round((passesPerHour * p50Ms) / 1000, 2),
      latenessBoundMs: round(defaultIntervalMs + p95Ms),
      dueBefore: pre,
      what: "SweepService.sweepOnce (lock, the due-deadlines statement, unlock) from the worker's sources, nothing due",
    };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- report
function machine(serverVersion) {
  return {
    cores: os.cpus().length,
    memoryGb: round(os.totalmem() / 1024 ** 3),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    postgres: serverVersion,
  };
}

/**
 * A fixed piece of work timed before and after the measurements (median of three, lower is faster): a
 * JSON round trip in this process and a sum over generated rows in PostgreSQL. The same code takes
 * the same time on an idle machine, so two reports can be compared: when these differ, so did the machine
 * (a shared host's load moves every figure of a run together).
 */
async function speedCheck(db) {
  const median = (xs) => xs.sort((a, b) => a - b)[1];
  const doc = {
    cases: Array.from({ length: 200 }, (_, i) => ({
      id: i,
      title: `问题 ${i}`,
      status: 'open',
      level: i % 3,
      at: new Date(0).toISOString(),
    })),
  };
  const js = [];
  const pgMs = [];
  for (let k = 0; k < 3; k++) {
    let s = performance.now();
    for (let i = 0; i < 2000; i++) JSON.parse(JSON.stringify(doc));
    js.push(performance.now() - s);
    s = performance.now();
    await db.query(`SELECT sum(x) FROM generate_series(1, 3000000) AS x`);
    pgMs.push(performance.now() - s);
  }
  return { jsMs: round(median(js)), pgMs: round(median(pgMs)) };
}

// ---------------------------------------------------------------- phone
/**
 * The dashboard of a county's manager (its towns in the unit chart) on a throttled phone, through the admin
 * server (compression, caching) in front of this run's API.
 */
async function measurePhoneDashboard(base, db, world, adminToken) {
  const manager = await managerLogin(base, db, adminToken, {
    username: 'bench_phone_manager',
    displayName: '县领导（手机）',
    unitId: world.counties[0].id,
  });
  const adminPort = await freePort();
  const admin = startChild('admin', join(ROOT, 'tools/serve-admin.mjs'), {
    ADMIN_PORT: String(adminPort),
    API_URL: base,
    ADMIN_DIST: opt.adminDist,
  });
  try {
    const adminUrl = `http://127.0.0.1:${adminPort}`;
    await waitFor(`${adminUrl}/`, admin, 30_000);
    return await measurePhone({
      adminUrl,
      session: { token: manager.accessToken, user: manager.user },
      log,
    });
  } finally {
    await stopChild(admin);
  }
}

function markdown(r) {
  const x = r.results;
  const rows = [
    ...(x.intake
      ? [
          [
            'intake',
            'POST /api/cases req/s',
            x.intake.reqPerSec,
            `${x.intake.baselineReqPerSec} (bare node:http + pg)`,
            `${x.intake.ratio}×`,
          ],
          [
            'intake',
            'p50 / p99 ms',
            `${x.intake.p50Ms} / ${x.intake.p99Ms}`,
            `${x.intake.baselineP50Ms} / ${x.intake.baselineP99Ms}`,
            '',
          ],
        ]
      : []),
    ...(x.dashboard
      ? [
          ...['city', 'county', 'town'].map((k) => [
            'dashboard',
            `${k} p95 ms`,
            x.dashboard.p95Ms[k],
            `${x.dashboard.naiveP95Ms[k]} (GROUP BY)`,
            `${x.dashboard.ratio[k]}× faster`,
          ]),
          ['dashboard', 'exact (= GROUP BY)', x.dashboard.exact, '', ''],
        ]
      : []),
    ...(x.scorecard
      ? [
          ...Object.entries(x.scorecard.p95Ms).map(([k, v]) => [
            'scorecard',
            `county p95 ms (${k})`,
            v,
            '15 (target)',
            '',
          ]),
          ['scorecard', 'exact (= GROUP BY; median within its bucket)', x.scorecard.exact, '', ''],
          ...(x.scorecard.medianError
            ? [
                [
                  'scorecard',
                  'median vs exact: mean / max relative error',
                  `${x.scorecard.medianError.mean} / ${x.scorecard.medianError.max}`,
                  '≤ √2 (bucket)',
                  '',
                ],
              ]
            : []),
        ]
      : []),
    ...(x.resumption
      ? [
          ...['city', 'county', 'town'].map((k) => [
            'resumption',
            `${k} counters p95 ms at ${x.resumption.enterprises} enterprises`,
            x.resumption.countersP95Ms[k],
            `${x.resumption.naiveP95Ms[k]} (GROUP BY)`,
            `${x.resumption.ratio[k]}× faster`,
          ]),
          ...['city', 'county', 'town'].map((k) => [
            'resumption',
            `${k} whole summary p95 ms (HTTP)`,
            x.resumption.p95Ms[k],
            '',
            '',
          ]),
          [
            'resumption',
            'exact (= GROUP BY)',
            x.resumption.exact,
            `${x.resumption.checked} units checked`,
            '',
          ],
        ]
      : []),
    ...(x.visits && !x.visits.skipped
      ? [
          ...['city', 'county', 'town'].map((k) => [
            'visits',
            `${k} GET /api/dashboard/visits p95 ms at ${x.visits.enterprises} enterprises`,
            x.visits.p95Ms[k],
            `${x.visits.naiveP95Ms[k]} (counting visits)`,
            '',
          ]),
          [
            'visits',
            'exact (= counting the visits rows)',
            x.visits.exact,
            `${x.visits.checked} units checked, ${x.visits.neverVisited} never visited`,
            '',
          ],
        ]
      : []),
    ...(x.ledgerList
      ? [
          ['ledgerList', `p95 ms, filtered pages at ${x.ledgerList.cases} cases`, x.ledgerList.p95Ms, '', ''],
          [
            'ledgerList',
            `page ${x.ledgerList.deepPage} p95 ms (cursor vs offset)`,
            x.ledgerList.keysetDeepP95Ms,
            `${x.ledgerList.offsetDeepP95Ms} (offset)`,
            '',
          ],
        ]
      : []),
    ...(x.export
      ? [
          [
            'export',
            `${x.export.rows} rows: seconds`,
            x.export.seconds,
            `${x.export.baselineSeconds} (pg read only)`,
            `${x.export.ratio}×`,
          ],
          ['export', 'API peak RSS MB', x.export.peakRssMb, `${x.export.rssBeforeMb} (before)`, ''],
        ]
      : []),
    ...(x.phone && !x.phone.skipped
      ? [
          [
            'phone',
            'dashboard numbers ms (throttled phone, cold cache)',
            x.phone.numbersMs,
            '3000 (target)',
            '',
          ],
          ['phone', 'dashboard charts ms', x.phone.chartsMs, '5000 (target)', ''],
          [
            'phone',
            'transferred kB (cold / second visit)',
            `${x.phone.transferredKB} / ${x.phone.warm?.transferredKB}`,
            '',
            '',
          ],
        ]
      : []),
    ...(x.sweep
      ? [
          ['sweep', `${x.sweep.cases} due at once: seconds`, x.sweep.seconds, '', ''],
          ['sweep', 'duplicates', x.sweep.duplicates, '0', ''],
        ]
      : []),
    ...(x.sweepIdle
      ? [
          [
            'sweepIdle',
            `idle pass at ${x.sweepIdle.cases} cases: p50 / p95 ms`,
            `${x.sweepIdle.p50Ms} / ${x.sweepIdle.p95Ms}`,
            '',
            '',
          ],
          [
            'sweepIdle',
            `PostgreSQL CPU-s per hour (${x.sweepIdle.passesPerHour} passes × p50)`,
            x.sweepIdle.cpuSecondsPerHour,
            '',
            '',
          ],
          [
            'sweepIdle',
            `lost job's lateness bound ms (${x.sweepIdle.sweepIntervalMs} + p95)`,
            x.sweepIdle.latenessBoundMs,
            '15000 (issue 11)',
            '',
          ],
        ]
      : []),
  ];
  return [
    `# taizhang benchmark`,
    '',
    `${r.generatedAt} · ${r.machine.cores} cores, ${r.machine.memoryGb} GB, ${r.machine.cpu} · ${r.machine.node} · PostgreSQL ${r.machine.postgres}`,
    '',
    ...(r.machine.speed
      ? [
          `Speed check (fixed work, lower is faster; start → end of the run): JS ${r.machine.speed.start.jsMs} → ${r.machine.speed.end.jsMs} ms, PostgreSQL ${r.machine.speed.start.pgMs} → ${r.machine.speed.end.pgMs} ms.`,
          '',
        ]
      : []),
    `Data: ${r.data.cases} cases, ${r.data.enterprises ?? '—'} enterprises${
      r.data.reused
        ? ' (reused)'
        : `, loaded with COPY in ${r.data.loadSeconds}s (${Object.entries(r.data.phases ?? {})
            .map(([k, v]) => `${k} ${v}s`)
            .join(', ')})`
    }${r.data.shape ? `; ${r.data.shape.cities} cities, ${r.data.shape.counties} counties, ${r.data.shape.towns} towns` : ''}${r.data.disk ? `; ${r.data.disk.databaseMb} MB on disk` : ''}${x.dashboard ? `; the dashboard ran on ${x.dashboard.cases} cases` : ''}.`,
    '',
    '| benchmark | figure | value | baseline (same run) | ratio |',
    '|---|---|---|---|---|',
    ...rows.map((c) => `| ${c.join(' | ')} |`),
    '',
    ...(x.ledgerList
      ? [
          `Ledger list p95 per query (ms): ${Object.entries(x.ledgerList.queries)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}.`,
          '',
        ]
      : []),
  ].join('\n');
}

// ---------------------------------------------------------------- main
async function main() {
  mkdirSync(opt.out, { recursive: true });
  log(`options: ${JSON.stringify({ ...opt, out: undefined })}`);
  if (opt.build) {
    log('building api and worker (nx) …');
    const b = spawnSync(
      'npx',
      [
        'nx',
        'run-many',
        '-t',
        'build',
        '-p',
        wanted('phone') && !args['admin-dist'] ? 'api,worker,admin' : 'api,worker',
        '--output-style=static',
      ],
      { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } },
    );
    if (b.status !== 0) throw new Error('build failed');
  }
  await prepareDatabase();
  await clearRedisPrefix();
  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: opt.databaseUrl,
    REDIS_URL: opt.redisUrl,
    REDIS_PREFIX: opt.redisPrefix,
    PORT: String(port),
    JWT_SECRET: 'bench-signing-key-not-for-production',
    ADMIN_PASSWORD,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
  };
  const base = `http://127.0.0.1:${port}`;
  const apiExecArgv = opt.cpuProf ? ['-r', join(ROOT, 'tools/bench/cpu-prof.cjs')] : [];
  if (opt.cpuProf) env.BENCH_CPU_PROF_DIR = opt.cpuProf;
  let apiChild = startChild('api', join(ROOT, 'dist/apps/api/main.js'), env, apiExecArgv);
  const pool = new pg.Pool({ connectionString: opt.databaseUrl, max: 10, options: '-c jit=off' });
  const db = await connect();
  try {
    await waitFor(`${base}/api/health`, apiChild); // migrates the database and creates the admin
    const data = await ensureData(db);
    if (!data.reused) {
      // a fresh process, so no plan or cache is left over from the empty tables
      await stopChild(apiChild);
      apiChild = startChild('api', join(ROOT, 'dist/apps/api/main.js'), env, apiExecArgv);
      await waitFor(`${base}/api/health`, apiChild);
    }
    const { rows: server } = await db.query(`SHOW server_version`);
    // in the generator's order (BK2 before BK10): the first county is the first city's, as the sweep wants
    const { rows: units } = await db.query(
      `SELECT u.id, u.code, u.kind FROM units u WHERE u.code ~ $1 OR u.code ~ '^BK[0-9]+(T[0-9]+)?$'
        ORDER BY u.kind, length(u.code), u.code`,
      [BENCH_CITIES],
    );
    const world = {
      city: units.find((u) => u.code === BENCH_CITY_CODE),
      cities: units.filter((u) => u.kind === 'city'),
      counties: units.filter((u) => u.kind === 'county'),
      towns: units.filter((u) => u.kind === 'town'),
    };
    data.shape = { cities: world.cities.length, counties: world.counties.length, towns: world.towns.length };
    data.disk = await diskUse(db);
    const adminToken = (await login(base, 'admin', ADMIN_PASSWORD)).accessToken;
    const managerToken = (
      await managerLogin(base, db, adminToken, {
        username: 'bench_county_manager',
        displayName: '县领导（压测）',
        unitId: world.counties[1].id,
      })
    ).accessToken;

    const results = {};
    const speedStart = await speedCheck(db);
    // what the worker's compactor does every few seconds: fold the deltas earlier runs appended (the worker
    // is not running here) into the compacted counters, so the dashboard reads what it reads in production
    const { rows: compactor } = await db.query(`SELECT 1 FROM pg_proc WHERE proname = 'compact_case_stats'`);
    if (compactor.length) {
      const s = performance.now();
      const { rows: folded } = await db.query(`SELECT compact_case_stats() AS n`);
      log(`folded ${folded[0].n} counter deltas in ${((performance.now() - s) / 1000).toFixed(1)}s`);
    }
    const { rows: cud } = await db.query(`SELECT to_regclass('case_unit_days') IS NOT NULL AS x`);
    const tableExists = { caseUnitDays: cud[0].x };
    // and what autovacuum does soon after: earlier runs' intake and sweep rows counted in the planner's
    // statistics, the folded deltas' dead rows gone
    {
      const s = performance.now();
      await db.query(
        `VACUUM (ANALYZE) case_stats, case_stats_deltas, case_unit_totals, case_daily_stats, case_daily_deltas, case_solve_hist, case_solve_hist_deltas${tableExists.caseUnitDays ? ', case_unit_days, case_unit_day_deltas, case_unit_months' : ''}`,
      );
      await db.query(`ANALYZE cases`);
      log(`vacuumed the counters and analyzed cases in ${((performance.now() - s) / 1000).toFixed(1)}s`);
    }
    if (wanted('dashboard')) {
      log('dashboard …');
      results.dashboard = await measureDashboard(base, adminToken, pool, world);
      log(
        `  p95 ${JSON.stringify(results.dashboard.p95Ms)} vs GROUP BY ${JSON.stringify(results.dashboard.naiveP95Ms)}, exact ${results.dashboard.exact}`,
      );
    }
    if (wanted('scorecard')) {
      log('scorecard …');
      results.scorecard = await measureScorecard(base, adminToken, pool, world);
      log(
        `  county p95 ${JSON.stringify(results.scorecard.p95Ms)} ms, exact ${results.scorecard.exact} (${results.scorecard.rowsChecked} rows checked)`,
      );
    }
    if (wanted('resumption')) {
      log('resumption …');
      results.resumption = await measureResumption(base, adminToken, pool, world);
      log(
        `  p95 ${JSON.stringify(results.resumption.p95Ms)} vs GROUP BY ${JSON.stringify(results.resumption.naiveP95Ms)} at ${results.resumption.enterprises} enterprises, exact ${results.resumption.exact}`,
      );
    }
    if (wanted('visits')) {
      log('visits …');
      results.visits = await measureVisits(base, adminToken, pool, world);
      log(
        results.visits.skipped
          ? `  skipped: ${results.visits.skipped}`
          : `  p95 ${JSON.stringify(results.visits.p95Ms)} vs counting visits ${JSON.stringify(results.visits.naiveP95Ms)} at ${results.visits.enterprises} enterprises (${results.visits.neverVisited} never visited), exact ${results.visits.exact}`,
      );
    }
    if (wanted('ledgerList')) {
      log('ledger list …');
      results.ledgerList = await measureLedgerList(
        base,
        { admin: adminToken, manager: managerToken },
        pool,
        world,
      );
      log(
        `  p95 ${results.ledgerList.p95Ms} ms ${JSON.stringify(results.ledgerList.queries)}; page ${results.ledgerList.deepPage}: cursor ${results.ledgerList.keysetDeepP95Ms} ms, offset ${results.ledgerList.offsetDeepP95Ms} ms`,
      );
    }
    if (wanted('export')) {
      log('export …');
      results.export = await measureExport(base, adminToken, pool, apiChild);
      log(
        `  ${results.export.rows} rows in ${results.export.seconds}s, peak RSS ${results.export.peakRssMb} MB (before ${results.export.rssBeforeMb}); pg alone ${results.export.baselineSeconds}s`,
      );
    }
    if (wanted('phone')) {
      const why = phoneUnavailable(opt.adminDist);
      if (why) {
        log(`phone: skipped, ${why}`);
        results.phone = { skipped: why };
      } else {
        log('phone (the dashboard on a throttled phone, Chromium) …');
        results.phone = await measurePhoneDashboard(base, db, world, adminToken);
        log(
          `  numbers ${results.phone.numbersMs} ms, charts ${results.phone.chartsMs} ms, ${results.phone.transferredKB} kB (targets 3000 / 5000 ms)`,
        );
      }
    }
    if (wanted('intake')) results.intake = await measureIntake(base, adminToken, pool, world);
    await stopChild(apiChild);
    if (wanted('sweep')) {
      log('sweep (worker from dist/) …');
      results.sweep = await measureSweep(pool, world, env);
      log(
        `  ${results.sweep.cases} cases in ${results.sweep.seconds}s, duplicates ${results.sweep.duplicates}`,
      );
    }
    if (wanted('sweepIdle')) {
      log("sweepIdle (the worker's sweep pass, nothing due) …");
      results.sweepIdle = await measureSweepIdle(pool, env);
      log(
        `  p50 ${results.sweepIdle.p50Ms} ms, p95 ${results.sweepIdle.p95Ms} ms; ${results.sweepIdle.cpuSecondsPerHour} CPU-s/h; late at most ${results.sweepIdle.latenessBoundMs} ms`,
      );
    }

    const report = {
      generatedAt: new Date().toISOString(),
      machine: {
        ...machine(server[0].server_version),
        speed: { start: speedStart, end: await speedCheck(db) },
      },
      options: { ...opt, out: undefined, databaseUrl: undefined, small },
      data: { database: dbName, ...data },
      results,
    };
    writeFileSync(join(opt.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
    writeFileSync(join(opt.out, 'report.md'), markdown(report));
    process.stdout.write('\n' + markdown(report) + '\n');
    log(`wrote ${join(opt.out, 'report.json')} and report.md`);
  } finally {
    await db.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    agent.destroy();
    for (const c of [...children]) await stopChild(c);
  }
}

main().catch(async (err) => {
  console.error(`bench: ${err.stack ?? err}`);
  for (const c of [...children]) await stopChild(c).catch(() => undefined);
  process.exit(1);
});
