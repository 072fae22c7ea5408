// The intake baseline: a bare node:http server that opens a case with `pg` — the same SQL as
// POST /api/cases (one read, then one statement: ledger number, case, open event, hop, dashboard deltas,
// two outbox rows) and an answer built from what was written, as the API's — without NestJS, validation,
// authentication or TypeORM. Both name their statements (parsed and planned once per connection), as the API
// does. What the API costs on top is the ratio.
//   DATABASE_URL=… PORT=… node tools/bench/baseline-server.mjs
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10), options: '-c jit=off' });
const ALL = '00000000-0000-0000-0000-000000000000';
const HOUR = 3600_000;
let OPENER = null;
let CATEGORIES = new Set();

/**
 * What POST /api/cases does, by hand: one read (enterprise, town, county, city, the opener's relation), then
 * ONE statement that draws the town's ledger number and writes the case, its open event, its hop, the
 * dashboard deltas and the two deadline outbox rows (autocommit, as the API does). The policy and calendar
 * are read once per process, as the API's reference cache does.
 */
let POLICIES = null;
async function open(body) {
  const { rows: ents } = await pool.query({
    name: 'intake_read',
    text: `SELECT e.id, e.name, e.key, e.town_id, t.code AS town_code, t.name AS town_name, t.parent_id AS county_id, co.parent_id AS city_id,
            EXISTS (SELECT 1 FROM enterprise_instructors ei WHERE ei.enterprise_id = e.id AND ei.user_id = $2) AS mine
       FROM enterprises e JOIN units t ON t.id = e.town_id LEFT JOIN units co ON co.id = t.parent_id WHERE e.id = $1`,
    values: [body.enterpriseId, OPENER],
  });
  const ent = ents[0];
  if (!ent) throw Object.assign(new Error('no enterprise'), { status: 404 });
  if (!CATEGORIES.has(body.categoryCode)) throw Object.assign(new Error('no category'), { status: 400 });
  const now = new Date();
  const year = new Date(now.getTime() + 8 * HOUR).getUTCFullYear();
  const priority = body.priority ?? 'normal';
  const pol = POLICIES.find((p) => p.level === 0 && p.priority === (ent.key ? 'urgent' : priority));
  const respondBy = new Date(now.getTime() + Number(pol?.respond_minutes ?? 1440) * 60_000);
  const resolveBy = new Date(now.getTime() + Number(pol?.resolve_minutes ?? 4320) * 60_000);
  const id = randomUUID();
  const scope = [ALL, ent.county_id, ent.city_id, ent.town_id].filter(Boolean);
  const day = new Date(now.getTime() + 8 * HOUR).toISOString().slice(0, 10);
  const jobs = [
    ['respond', respondBy],
    ['resolve', resolveBy],
  ].map(([kind, at]) => ({ jobId: `deadline_${id}_${kind}_${at.getTime()}`, payload: { caseId: id, deadline: kind, dueAt: at.toISOString() }, at }));
  const { rows } = await pool.query({
    name: 'intake_write',
    text: `WITH seq AS (
       INSERT INTO ledger_sequences (town_id, year, last_seq) VALUES ($8, $16, 1)
       ON CONFLICT (town_id, year) DO UPDATE SET last_seq = ledger_sequences.last_seq + 1 RETURNING last_seq),
     no AS (SELECT $2::text || lpad(last_seq::text, greatest(4, length(last_seq::text)), '0') AS ledger_no FROM seq),
     c AS (
       INSERT INTO cases (id, ledger_no, enterprise_id, category_code, title, description, priority, status, level, unit_id,
                          town_id, county_id, city_id, respond_by, resolve_by, opened_by_id, opened_at, updated_at, version)
       SELECT $1, no.ledger_no, $3, $4, $5, $6, $7, 'open', 0, $8, $8, $9, $10, $11, $12, $13, $14, $14, 1 FROM no RETURNING id, ledger_no),
     ev AS (
       INSERT INTO case_events (case_id, type, actor_id, at, from_status, to_status, from_unit_id, to_unit_id, reason, payload)
       SELECT c.id, 'open', $13, $14, NULL, 'open', NULL, $8, NULL, $15::jsonb FROM c RETURNING id),
     hop AS (INSERT INTO case_hops (case_id, unit_id, level, arrived_at) SELECT c.id, $8, 0, $14 FROM c),
     st AS (INSERT INTO case_stats_deltas (unit_id, category_code, level, status, overdue, n)
            SELECT u, $4, 0, 'open', false, 1 FROM unnest($17::uuid[]) AS u),
     dd AS (INSERT INTO case_daily_deltas (unit_id, day, opened, solved) SELECT u, $18::date, 1, 0 FROM unnest($17::uuid[]) AS u),
     ob AS (INSERT INTO outbox (queue, name, job_id, payload, run_at)
            SELECT 'deadlines', 'deadline.check', j, p, r FROM unnest($19::text[], $20::jsonb[], $21::timestamptz[]) AS x(j, p, r))
     SELECT (SELECT id FROM ev) AS event_id, (SELECT ledger_no FROM c) AS ledger_no`,
    values: [
      id,
      `${ent.town_code}-${year}-`,
      body.enterpriseId,
      body.categoryCode,
      String(body.title).trim(),
      String(body.description).trim(),
      priority,
      ent.town_id,
      ent.county_id,
      ent.city_id,
      respondBy,
      resolveBy,
      OPENER,
      now,
      JSON.stringify({ respondBy: respondBy.toISOString(), resolveBy: resolveBy.toISOString() }),
      year,
      scope,
      day,
      jobs.map((j) => j.jobId),
      jobs.map((j) => JSON.stringify(j.payload)),
      jobs.map((j) => j.at),
    ],
  });
  return {
    id,
    ledgerNo: rows[0].ledger_no,
    enterprise: { id: ent.id, name: ent.name },
    categoryCode: body.categoryCode,
    title: String(body.title).trim(),
    status: 'open',
    level: 0,
    unitId: ent.town_id,
    unitName: ent.town_name,
    respondBy: respondBy.toISOString(),
    resolveBy: resolveBy.toISOString(),
    openedAt: now.toISOString(),
    version: 1,
    events: [{ id: rows[0].event_id, type: 'open', at: now.toISOString() }],
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
      (err) => res.writeHead(err.status ?? 500, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: String(err.message) })),
    );
  });
});

const { rows } = await pool.query(`SELECT id FROM users WHERE username = 'admin'`);
OPENER = rows[0]?.id ?? null;
POLICIES = (await pool.query(`SELECT level, priority, respond_minutes, resolve_minutes FROM deadline_policies`)).rows;
CATEGORIES = new Set((await pool.query(`SELECT code FROM categories`)).rows.map((r) => r.code));
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3999), '127.0.0.1', () => console.log(`baseline listening on ${server.address().port}`));
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
