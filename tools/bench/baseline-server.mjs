// The intake baseline: a bare node:http server that opens a case with `pg` — the same SQL as
// POST /api/cases (one statement: the enterprise read, ledger number, case, open event, hop, dashboard
// and scorecard deltas, two deadline outbox rows, the town coordinators' `opened` notifications and their
// outbox rows) and an answer built from what was written, as the API's — without NestJS,
// validation, authentication or TypeORM. Both run the statement text of libs/db/src/cases/intake.sql.ts under
// its name (parsed and planned once per connection).
// What the API costs on top is the ratio.
//   DATABASE_URL=… PORT=… node tools/bench/baseline-server.mjs
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { requireTs } from './ts-sources.mjs';

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
// The API's statement itself, not a copy: libs/db/src/cases/intake.sql.ts holds its text and name (and imports
// only libs/domain), loaded once at start through ts-sources.mjs (transpiled TypeScript, the workspace's paths),
// as run.mjs loads the sweep. Only the text comes from the project; each request is still plain `pg`.
const { INTAKE_WRITE_NAME, INTAKE_WRITE_SQL } = requireTs('libs/db/src/cases/intake.sql.ts');

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
    name: INTAKE_WRITE_NAME,
    text: INTAKE_WRITE_SQL,
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
