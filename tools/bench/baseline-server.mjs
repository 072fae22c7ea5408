// The intake baseline: a bare node:http server that opens a case with `pg` — the same transaction as
// POST /api/cases (enterprise and category look-ups, ledger number, deadline policy and calendar, case,
// open event, hop, dashboard deltas when that table exists, two outbox rows) and the same read-back —
// without NestJS, validation, authentication or TypeORM. What the API costs on top is the ratio.
//   DATABASE_URL=… PORT=… node tools/bench/baseline-server.mjs
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10), options: '-c jit=off' });
const ALL = '00000000-0000-0000-0000-000000000000';
const HOUR = 3600_000;
let OPENER = null;
let STATS = false;

async function open(body) {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const { rows: ents } = await c.query(
      `SELECT e.id, e.key, e.town_id, t.code AS town_code, t.parent_id AS county_id, co.parent_id AS city_id,
              EXISTS (SELECT 1 FROM enterprise_instructors ei WHERE ei.enterprise_id = e.id AND ei.user_id = $2) AS mine
         FROM enterprises e JOIN units t ON t.id = e.town_id LEFT JOIN units co ON co.id = t.parent_id WHERE e.id = $1`,
      [body.enterpriseId, OPENER],
    );
    const ent = ents[0];
    if (!ent) throw Object.assign(new Error('no enterprise'), { status: 404 });
    const { rows: cat } = await c.query(`SELECT 1 FROM categories WHERE code = $1`, [body.categoryCode]);
    if (!cat.length) throw Object.assign(new Error('no category'), { status: 400 });
    const now = new Date();
    const year = new Date(now.getTime() + 8 * HOUR).getUTCFullYear();
    const { rows: seq } = await c.query(
      `INSERT INTO ledger_sequences (town_id, year, last_seq) VALUES ($1, $2, 1)
       ON CONFLICT (town_id, year) DO UPDATE SET last_seq = ledger_sequences.last_seq + 1 RETURNING last_seq`,
      [ent.town_id, year],
    );
    const ledgerNo = `${ent.town_code}-${year}-${String(seq[0].last_seq).padStart(4, '0')}`;
    const priority = body.priority ?? 'normal';
    const { rows: pol } = await c.query(`SELECT * FROM deadline_policies WHERE level = $1 AND priority = $2`, [0, ent.key ? 'urgent' : priority]);
    await c.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM work_calendar_days WHERE day >= $1::date ORDER BY day`, [now.toISOString().slice(0, 10)]);
    const respondBy = new Date(now.getTime() + Number(pol[0]?.respond_minutes ?? 1440) * 60_000);
    const resolveBy = new Date(now.getTime() + Number(pol[0]?.resolve_minutes ?? 4320) * 60_000);
    const { rows: ins } = await c.query(
      `INSERT INTO cases (ledger_no, enterprise_id, category_code, title, description, priority, status, level, unit_id,
                          town_id, county_id, city_id, respond_by, resolve_by, opened_by_id, opened_at, updated_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, 'open', 0, $7, $7, $8, $9, $10, $11, $12, $13, $13, 1) RETURNING id`,
      [ledgerNo, body.enterpriseId, body.categoryCode, String(body.title).trim(), String(body.description).trim(), priority, ent.town_id, ent.county_id, ent.city_id, respondBy, resolveBy, OPENER, now],
    );
    const id = ins[0].id;
    await c.query(
      `INSERT INTO case_events (case_id, type, actor_id, at, from_status, to_status, from_unit_id, to_unit_id, reason, payload)
       VALUES ($1, 'open', $2, $3, NULL, 'open', NULL, $4, NULL, $5)`,
      [id, OPENER, now, ent.town_id, { respondBy: respondBy.toISOString(), resolveBy: resolveBy.toISOString() }],
    );
    await c.query(`INSERT INTO case_hops (case_id, unit_id, level, arrived_at) VALUES ($1, $2, 0, $3)`, [id, ent.town_id, now]);
    if (STATS) {
      const scope = [ALL, ent.county_id, ent.city_id, ent.town_id].filter(Boolean);
      await c.query(
        `INSERT INTO case_stats_deltas (unit_id, category_code, level, status, overdue, n)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::text[], $5::boolean[], $6::int[])`,
        [scope, scope.map(() => body.categoryCode), scope.map(() => 0), scope.map(() => 'open'), scope.map(() => false), scope.map(() => 1)],
      );
      const day = new Date(now.getTime() + 8 * HOUR).toISOString().slice(0, 10);
      await c.query(`INSERT INTO case_daily_deltas (unit_id, day, opened, solved) SELECT * FROM unnest($1::uuid[], $2::date[], $3::int[], $4::int[])`, [
        scope,
        scope.map(() => day),
        scope.map(() => 1),
        scope.map(() => 0),
      ]);
    }
    for (const [kind, at] of [
      ['respond', respondBy],
      ['resolve', resolveBy],
    ]) {
      const p = { caseId: id, deadline: kind, dueAt: at.toISOString() };
      await c.query(`INSERT INTO outbox (queue, name, job_id, payload, run_at) VALUES ('deadlines', 'deadline.check', $1, $2, $3)`, [`deadline_${id}_${kind}_${at.getTime()}`, p, at]);
    }
    await c.query('COMMIT');
    const { rows } = await c.query(
      `SELECT c.*, e.name AS enterprise_name, e.key AS enterprise_key, u.name AS unit_name
         FROM cases c JOIN enterprises e ON e.id = c.enterprise_id JOIN units u ON u.id = c.unit_id WHERE c.id = $1`,
      [id],
    );
    const { rows: events } = await c.query(
      `SELECT ev.*, us.display_name AS actor_name FROM case_events ev LEFT JOIN users us ON us.id = ev.actor_id WHERE ev.case_id = $1 ORDER BY ev.seq`,
      [id],
    );
    return { ...rows[0], events };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
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
const { rows: t } = await pool.query(`SELECT to_regclass('case_stats_deltas') IS NOT NULL AS stats`);
STATS = Boolean(t[0]?.stats);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3999), '127.0.0.1', () => console.log(`baseline listening on ${server.address().port} (dashboard deltas: ${STATS})`));
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
