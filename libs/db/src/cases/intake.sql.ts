// The text of the intake statement (POST /api/cases), and nothing that runs it: the API's store
// (intake.store.ts) names and runs it, and the bench's bare baseline server (tools/bench/baseline-server.mjs)
// loads this file at start and runs the same text under the same name. It imports only libs/domain (pure)
// and the recipient rules' SQL, so it loads without TypeORM, NestJS or a database.
import { LEDGER_SEQ_DIGITS } from '@taizhang/domain';
import { RECIPIENTS_SQL, notificationOutboxInsert } from '../notifications/recipients-sql';

/**
 * The enterprise a case is opened for ($1), its town, county and city, and the opener's ($2) relation and name:
 * the first CTE of the intake statement, and on its own when a request must be refused before writing.
 */
export const ENTERPRISE_FOR_OPENER = `SELECT e.id, e.name, e.key, e.town_id, t.code AS town_code, t.name AS town_name, t.parent_id AS county_id, co.parent_id AS city_id,
            EXISTS (SELECT 1 FROM enterprise_instructors ei WHERE ei.enterprise_id = e.id AND ei.user_id = $2) AS mine,
            (SELECT display_name FROM users WHERE id = $2) AS actor_name
       FROM enterprises e JOIN units t ON t.id = e.town_id LEFT JOIN units co ON co.id = t.parent_id
      WHERE e.id = $1`;

/** Stands for the ledger number in the `opened` title until the intake statement has drawn it. */
export const LEDGER_NO_SLOT = '{{ledgerNo}}';

/**
 * SQL: the CTEs that tell whom RECIPIENT_RULES names for `opened` (the town's coordinators) about a case
 * the intake statement just wrote, in that statement: a `notifications` row each and the outbox row of its
 * `notification.send` job. They read the statement's CTEs `c` (the case: id, ledger_no, town_id) and `ok`
 * (county_id), `$2` (the opener, never told) and `$12` (the time), and take `$n` … `$n+4` from
 * `openedNotificationParams`.
 */
export const OPENED_NOTIFICATION_CTES = (n: number) => `
   nt AS (
     INSERT INTO notifications (user_id, case_id, kind, title, created_at)
     SELECT u.id, t.case_id, 'opened', replace($${n}::text, '${LEDGER_NO_SLOT}', t.ledger_no), $12
       FROM (SELECT c.id AS case_id, c.ledger_no, c.town_id AS unit_id, ok.county_id AS parent_id, NULL::uuid AS assignee_id,
                    ok.id AS enterprise_id FROM c, ok) t
       JOIN users u ON u.active AND u.id IS DISTINCT FROM $2::uuid AND (${RECIPIENTS_SQL.opened})
     RETURNING id),
   nob AS (
     ${notificationOutboxInsert(`$${n + 1}`, `$${n + 2}`, `$${n + 3}`, `$${n + 4}`, '$12')})`;

/** The name the intake statement is prepared under (a new text needs a new name). */
export const INTAKE_WRITE_NAME = 'taizhang_intake_write_v4';

/**
 * POST /api/cases in ONE statement, so one round trip and one transaction without BEGIN/COMMIT: it reads the
 * enterprise (its town, county and city, whether the opener is one of its instructors), lets through only an
 * opener who may open cases for it (the same rule as the API's `mayOpen`), draws the town's next ledger number
 * and writes the case, its open event, its hop, the dashboard deltas (for each unit of the scope) and the
 * deadline outbox rows. The town's sequence row is locked from its CTE until the commit, so numbers are
 * consecutive and a failure rolls the number back with the case (no gap). Nothing is written when the
 * opener may not open cases for the enterprise; the answer then says what was found.
 *
 * Deadlines depend on whether the enterprise is a key one (its cases are urgent), which only the statement
 * knows: both variants come as two-element arrays and `ok.v` (0 plain, 1 key) picks one. The ledger number is
 * `town code || ledgerNoPrefix('', year)`, padded to LEDGER_SEQ_DIGITS or longer, as formatLedgerNo writes it.
 *
 * $1 enterprise · $2 opener · $3 role · $4 opener's unit · $5 year · $6 case id · $7 prefix after the town
 * code · $8 category · $9 title · $10 description · $11 priority · $12 opened at · $13 respond-by[2] ·
 * $14 resolve-by[2] · $15 open event payload[2] · $16 all-units scope id · $17… stats template · $23… daily
 * template · $27… outbox rows of both variants · $32 their variant · $33 the local day (scorecard: received) ·
 * $34… the `opened` notification.
 */
export const INTAKE_WRITE_SQL = `WITH e AS (${ENTERPRISE_FOR_OPENER}),
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
     SELECT $6, ok.town_code || $7::text || lpad(seq.last_seq::text, greatest(${LEDGER_SEQ_DIGITS}, length(seq.last_seq::text)), '0'),
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
   ud AS (INSERT INTO case_unit_day_deltas (unit_id, day, received) SELECT scope.u, $33::date, 1 FROM scope WHERE EXISTS (SELECT 1 FROM c)),
   ob AS (
     INSERT INTO outbox (queue, name, job_id, payload, run_at)
     SELECT x.queue, x.name, x.job_id, x.payload, x.run_at
       FROM unnest($27::text[], $28::text[], $29::text[], $30::jsonb[], $31::timestamptz[], $32::int[])
            AS x(queue, name, job_id, payload, run_at, v), ok
      WHERE x.v = ok.v AND EXISTS (SELECT 1 FROM c)),${OPENED_NOTIFICATION_CTES(34)}
   SELECT e.*, (SELECT v FROM ok) AS v, (SELECT id FROM ev) AS event_id, (SELECT ledger_no FROM c) AS ledger_no FROM e`;
