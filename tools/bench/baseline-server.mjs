// The intake baseline: a bare node:http server that opens a case with `pg` — the same SQL as
// POST /api/cases (one statement: the enterprise read, ledger number, case, open event, hop, dashboard
// and scorecard deltas, two deadline outbox rows, the town coordinators' `opened` notifications and their
// outbox rows) and an answer built from what was written, as the API's — without NestJS,
// validation, authentication or TypeORM. Both name the statement (parsed and planned once per connection).
// What the API costs on top is the ratio.
//   DATABASE_URL=… PORT=… node tools/bench/baseline-server.mjs
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Pool } = require('pg');

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
  options: '-c jit=off',
});
const ALL = '00000000-0000-0000-0000-000000000000';
const HOUR = 3600_000;
let OPENER = null;
let CATEGORIES = new Set();

/**
 * What POST /api/cases does, by hand: ONE statement that reads the enterprise (town, county, city, whether
 * the opener is its instructor), lets only an opener who may open cases for it through, draws the town's
 * ledger number and writes the case, its open event, its hop, the dashboard deltas for each unit of the
 * scope, the scorecard's `received` for each of them, the two deadline outbox rows, and an `opened`
 * notification for each of the town's coordinators with its outbox row, with both deadline variants (plain and key enterprise) passed and
 * one picked in SQL (autocommit, as the API does). The policy is read once per process, as the API's
 * reference cache does. The opener is the admin (the API's bench requests come from the admin too).
 */
let POLICIES = null;
// A copy of INTAKE_WRITE in libs/db/src/cases/intake.store.ts, kept by hand on purpose: this server is plain
// Node with no TypeScript loader (the API's statement is assembled from TS constants: ENTERPRISE_FOR_OPENER,
// LEDGER_SEQ_DIGITS, OPENED_NOTIFICATION_CTES), the built API is one webpack bundle (no built lib to import it
// from), and loading the API's modules would put back the layers the baseline leaves out. It has every CTE of
// the API's statement; its `opened` notification names the town's coordinators by hand, where the API builds
// that condition from the domain's RECIPIENT_RULES.
const INTAKE = `WITH e AS (
     SELECT e.id, e.name, e.key, e.town_id, t.code AS town_code, t.name AS town_name, t.parent_id AS county_id, co.parent_id AS city_id,
            EXISTS (SELECT 1 FROM enterprise_instructors ei WHERE ei.enterprise_id = e.id AND ei.user_id = $2) AS mine,
            (SELECT display_name FROM users WHERE id = $2) AS actor_name
       FROM enterprises e JOIN units t ON t.id = e.town_id LEFT JOIN units co ON co.id = t.parent_id
      WHERE e.id = $1),
   ok AS (
     SELECT e.*, CASE WHEN e.key THEN 1 ELSE 0 END AS v FROM e
      WHERE $3::text = 'admin' OR ($3::text = 'instructor' AND e.mine) OR ($3::text = 'coordinator' AND e.town_id = $4::uuid)),
   scope AS (SELECT u FROM ok, unnest(ARRAY[$16::uuid, ok.county_id, ok.city_id, ok.town_id]) AS u WHERE u IS NOT NULL),
   seq AS (
     INSERT INTO ledger_sequences (town_id, year, last_seq) SELECT ok.town_id, $5, 1 FROM ok
     ON CONFLICT (town_id, year) DO UPDATE SET last_seq = ledger_sequences.last_seq + 1 RETURNING last_seq),
   c AS (
     INSERT INTO cases (id, ledger_no, enterprise_id, category_code, title, description, priority, status, level, unit_id,
                        town_id, county_id, city_id, respond_by, resolve_by, opened_by_id, opened_at, updated_at, version)
     SELECT $6, ok.town_code || $7::text || lpad(seq.last_seq::text, greatest(4, length(seq.last_seq::text)), '0'),
            ok.id, $8, $9, $10, $11, 'open', 0, ok.town_id, ok.town_id, ok.county_id, ok.city_id,
            ($13::timestamptz[])[ok.v + 1], ($14::timestamptz[])[ok.v + 1], $2, $12, $12, 1
       FROM ok, seq RETURNING id, ledger_no, town_id, respond_by, resolve_by),
   ev AS (
     INSERT INTO case_events (case_id, type, actor_id, at, from_status, to_status, from_unit_id, to_unit_id, reason, payload)
     SELECT c.id, 'open', $2, $12, NULL, 'open', NULL, c.town_id, NULL, ($15::jsonb[])[ok.v + 1] FROM c, ok RETURNING id),
   hop AS (INSERT INTO case_hops (case_id, unit_id, level, arrived_at) SELECT c.id, c.town_id, 0, $12 FROM c),
   st AS (
     INSERT INTO case_stats_deltas (unit_id, category_code, level, status, overdue, n)
     SELECT scope.u, d.category_code, d.level, d.status, d.overdue, d.n
       FROM unnest($17::uuid[], $18::text[], $19::smallint[], $20::text[], $21::boolean[], $22::int[])
            AS d(unit_id, category_code, level, status, overdue, n), scope
      WHERE EXISTS (SELECT 1 FROM c)),
   dd AS (
     INSERT INTO case_daily_deltas (unit_id, day, opened, solved)
     SELECT scope.u, d.day, d.opened, d.solved
       FROM unnest($23::uuid[], $24::date[], $25::int[], $26::int[]) AS d(unit_id, day, opened, solved), scope
      WHERE EXISTS (SELECT 1 FROM c)),
   ob AS (
     INSERT INTO outbox (queue, name, job_id, payload, run_at)
     SELECT x.queue, x.name, x.job_id, x.payload, x.run_at
       FROM unnest($27::text[], $28::text[], $29::text[], $30::jsonb[], $31::timestamptz[], $32::int[])
            AS x(queue, name, job_id, payload, run_at, v), ok
      WHERE x.v = ok.v AND EXISTS (SELECT 1 FROM c)),
   ud AS (INSERT INTO case_unit_day_deltas (unit_id, day, received) SELECT scope.u, $33::date, 1 FROM scope WHERE EXISTS (SELECT 1 FROM c)),
   nt AS (
     INSERT INTO notifications (user_id, case_id, kind, title, created_at)
     SELECT u.id, c.id, 'opened', replace($34::text, '{{ledgerNo}}', c.ledger_no), $12
       FROM c JOIN users u ON u.active AND u.id IS DISTINCT FROM $2::uuid AND u.role = 'coordinator' AND u.unit_id = c.town_id
     RETURNING id),
   nob AS (
     INSERT INTO outbox (queue, name, job_id, payload, run_at)
     SELECT $35::text, $36::text, $37::text || nt.id,
            jsonb_strip_nulls(jsonb_build_object('notificationId', nt.id, 'requestId', $38::text)), $12 FROM nt)
   SELECT e.*, (SELECT v FROM ok) AS v, (SELECT id FROM ev) AS event_id, (SELECT ledger_no FROM c) AS ledger_no FROM e`;

async function open(body) {
  if (!CATEGORIES.has(body.categoryCode)) throw Object.assign(new Error('no category'), { status: 400 });
  const now = new Date();
  const year = new Date(now.getTime() + 8 * HOUR).getUTCFullYear();
  const priority = body.priority ?? 'normal';
  const id = randomUUID();
  const variants = [priority, 'urgent'].map((p, v) => {
    const pol = POLICIES.find((x) => x.level === 0 && x.priority === p);
    const respondBy = new Date(now.getTime() + Number(pol?.respond_minutes ?? 1440) * 60_000);
    const resolveBy = new Date(now.getTime() + Number(pol?.resolve_minutes ?? 4320) * 60_000);
    const jobs = [
      ['respond', respondBy],
      ['resolve', resolveBy],
    ].map(([kind, at]) => ({
      jobId: `deadline_${id}_${kind}_${at.getTime()}`,
      payload: { caseId: id, deadline: kind, dueAt: at.toISOString() },
      at,
      v,
    }));
    return {
      respondBy,
      resolveBy,
      payload: { respondBy: respondBy.toISOString(), resolveBy: resolveBy.toISOString() },
      jobs,
    };
  });
  const jobs = variants.flatMap((x) => x.jobs);
  const day = new Date(now.getTime() + 8 * HOUR).toISOString().slice(0, 10);
  const { rows } = await pool.query({
    name: 'intake',
    text: INTAKE,
    values: [
      body.enterpriseId,
      OPENER,
      'admin',
      null,
      year,
      id,
      `-${year}-`,
      body.categoryCode,
      String(body.title).trim(),
      String(body.description).trim(),
      priority,
      now,
      variants.map((x) => x.respondBy),
      variants.map((x) => x.resolveBy),
      variants.map((x) => JSON.stringify(x.payload)),
      ALL,
      // the dashboard deltas of opening a case, written once for each unit of the scope
      [ALL],
      [body.categoryCode],
      [0],
      ['open'],
      [false],
      [1],
      [ALL],
      [day],
      [1],
      [0],
      jobs.map(() => 'deadlines'),
      jobs.map(() => 'deadline.check'),
      jobs.map((j) => j.jobId),
      jobs.map((j) => JSON.stringify(j.payload)),
      jobs.map((j) => j.at),
      jobs.map((j) => j.v),
      day,
      `{{ledgerNo}}「${String(body.title).trim()}」新问题已登记，请及时受理`,
      'notifications',
      'notification.send',
      'notification_',
      null,
    ],
  });
  const ent = rows[0];
  if (!ent || ent.ledger_no == null) throw Object.assign(new Error('no enterprise'), { status: 404 });
  const chosen = variants[Number(ent.v)];
  return {
    id,
    ledgerNo: ent.ledger_no,
    enterprise: { id: ent.id, name: ent.name },
    categoryCode: body.categoryCode,
    title: String(body.title).trim(),
    status: 'open',
    level: 0,
    unitId: ent.town_id,
    unitName: ent.town_name,
    respondBy: chosen.respondBy.toISOString(),
    resolveBy: chosen.resolveBy.toISOString(),
    openedAt: now.toISOString(),
    version: 1,
    events: [{ id: ent.event_id, type: 'open', at: now.toISOString() }],
  };
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/api/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/api/cases') {
    res.writeHead(404).end();
    return;
  }
  let data = '';
  req.setEncoding('utf8');
  req.on('data', (d) => (data += d));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(data);
    } catch {
      res.writeHead(400).end();
      return;
    }
    open(body).then(
      (row) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(row)),
      (err) =>
        res
          .writeHead(err.status ?? 500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ detail: String(err.message) })),
    );
  });
});

const { rows } = await pool.query(`SELECT id FROM users WHERE username = 'admin'`);
OPENER = rows[0]?.id ?? null;
POLICIES = (
  await pool.query(`SELECT level, priority, respond_minutes, resolve_minutes FROM deadline_policies`)
).rows;
CATEGORIES = new Set((await pool.query(`SELECT code FROM categories`)).rows.map((r) => r.code));
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3999), '127.0.0.1', () =>
  console.log(`baseline listening on ${server.address().port}`),
);
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
