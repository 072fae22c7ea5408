import { MigrationInterface, QueryRunner } from 'typeorm';

const FIGURES = [
  'received',
  'resolved',
  'closed',
  'cancelled',
  'on_time',
  'overdue',
  'rated',
  'rating_sum',
  'rated_good',
  'urged',
  'returned',
  'extensions',
];

/**
 * Hours to resolve: HIST buckets, an int[] on each row (the same as libs/db stats/unit-days.ts HIST_EDGES_MS):
 * bucket 0 under 1 h, bucket k (1..22) [2^((k-1)/2) h, 2^(k/2) h), bucket 23 from 2048 h; EDGES: the lower
 * edges of buckets 1..23 in milliseconds, for width_bucket().
 */
const HIST = 24;
const EDGES = Array.from({ length: HIST - 1 }, (_, k) => Math.round(3_600_000 * 2 ** (k / 2)));
const ZEROS = `'{${new Array(HIST).fill(0).join(',')}}'`;
const BUCKET = `width_bucket((floor(extract(epoch FROM c.resolved_at) * 1000) - floor(extract(epoch FROM c.opened_at) * 1000))::bigint, '{${EDGES.join(',')}}'::bigint[])`;
const ELEMENTS = (f: (i: number) => string) =>
  `ARRAY[${Array.from({ length: HIST }, (_, i) => f(i + 1)).join(', ')}]`;

/**
 * Scorecard counters (issue 14): per unit and per local day (Asia/Shanghai), kept like the dashboard's (deltas
 * appended in the case change's transaction, folded by `compact_case_stats()`, recomputed by
 * `rebuild_case_stats()`), so a date range is a sum over days.
 *
 * Case figures are counted on the day the case was OPENED (a cohort: "of the cases opened in the range …"):
 * every unit of the case's scope (ALL, county, city, every unit that held it) counts it as `received`; the
 * figures of its state (resolved = resolved or closed, closed, cancelled, on_time, overdue, ratings) go to the
 * aggregate units (ALL, county, city) and to the unit holding it now. Event figures (urged, returned,
 * extensions = `approve_extension`) are counted on the event's day, for the unit that held the case then
 * (`case_events.from_unit_id`). `hist`: the resolved cases (the same attribution as `resolved`) by hours to
 * resolve, in log-scale buckets (see HIST): the median reads one row per unit and day, like the counts.
 * `case_unit_months`: the same per unit and calendar month, folded and rebuilt with the days (whole months of a
 * range are read there).
 */
export class CaseUnitDays1796051512589 implements MigrationInterface {
  name = 'CaseUnitDays1796051512589';

  public async up(q: QueryRunner): Promise<void> {
    const cols =
      FIGURES.map((f) => `"${f}" integer NOT NULL DEFAULT 0`).join(', ') +
      `, "hist" integer array NOT NULL DEFAULT ${ZEROS}`;
    await q.query(
      `CREATE TABLE "case_unit_days" ("unit_id" uuid NOT NULL, "day" date NOT NULL, ${cols}, CONSTRAINT "PK_case_unit_days" PRIMARY KEY ("unit_id", "day"))`,
    );
    await q.query(
      `CREATE TABLE "case_unit_day_deltas" ("id" BIGSERIAL NOT NULL, "unit_id" uuid NOT NULL, "day" date NOT NULL, ${cols}, CONSTRAINT "PK_case_unit_day_deltas" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_case_unit_day_deltas_unit" ON "case_unit_day_deltas" ("unit_id", "day")`);
    // the same figures pre-summed per unit and calendar month (its first day): a range reads its whole months
    // here and only the days of its partial months from case_unit_days
    await q.query(
      `CREATE TABLE "case_unit_months" ("unit_id" uuid NOT NULL, "month" date NOT NULL, ${cols}, CONSTRAINT "PK_case_unit_months" PRIMARY KEY ("unit_id", "month"))`,
    );

    const sets = (t: string) =>
      FIGURES.map((f) => `"${f}" = ${t}."${f}" + EXCLUDED."${f}"`).join(', ') +
      `, hist = ${ELEMENTS((i) => `${t}.hist[${i}] + EXCLUDED.hist[${i}]`)}`;
    const sums = FIGURES.map((f) => `sum("${f}") AS "${f}"`).join(', ');
    const list = FIGURES.map((f) => `"${f}"`).join(', ');
    const histSums = `${ELEMENTS((i) => `sum(hist[${i}])`)}::int[] AS hist`;
    await q.query(`
      CREATE FUNCTION compact_case_unit_days() RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE a integer;
      BEGIN
        WITH d AS (DELETE FROM case_unit_day_deltas RETURNING unit_id, day, ${list}, hist),
             g AS (SELECT unit_id, day, ${sums}, ${histSums} FROM d GROUP BY 1, 2),
             ins AS (INSERT INTO case_unit_days (unit_id, day, ${list}, hist) SELECT unit_id, day, ${list}, hist FROM g
                     ON CONFLICT (unit_id, day) DO UPDATE SET ${sets('case_unit_days')} RETURNING 1),
             insm AS (INSERT INTO case_unit_months (unit_id, month, ${list}, hist)
                      SELECT unit_id, date_trunc('month', day)::date, ${sums}, ${histSums} FROM g GROUP BY 1, 2
                      ON CONFLICT (unit_id, month) DO UPDATE SET ${sets('case_unit_months')} RETURNING 1)
        SELECT count(*) INTO a FROM d;
        RETURN a;
      END $$`);
    await q.query(`
      CREATE FUNCTION rebuild_case_unit_days() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE case_unit_days, case_unit_day_deltas, case_unit_months IN EXCLUSIVE MODE;
        DELETE FROM case_unit_days; DELETE FROM case_unit_day_deltas; DELETE FROM case_unit_months;
        INSERT INTO case_unit_days (unit_id, day, ${list}, hist)
          SELECT unit_id, day, ${sums}, ${ELEMENTS((i) => `count(*) FILTER (WHERE b = ${i - 1})`)}::int[]
            FROM (${CONTRIBUTIONS}) x GROUP BY 1, 2;
        INSERT INTO case_unit_months (unit_id, month, ${list}, hist)
          SELECT unit_id, date_trunc('month', day)::date, ${sums}, ${histSums} FROM case_unit_days GROUP BY 1, 2;
      END $$`);
    // compact_case_stats() and rebuild_case_stats() (what the worker, the bench and repairs call) do these too
    await q.query(`ALTER FUNCTION compact_case_stats() RENAME TO compact_case_stats_dashboard`);
    await q.query(`
      CREATE FUNCTION compact_case_stats() RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE a integer;
      BEGIN
        a := compact_case_stats_dashboard();
        PERFORM compact_case_unit_days();
        RETURN a;
      END $$`);
    await q.query(`ALTER FUNCTION rebuild_case_stats() RENAME TO rebuild_case_stats_dashboard`);
    await q.query(`
      CREATE FUNCTION rebuild_case_stats() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM rebuild_case_stats_dashboard();
        PERFORM rebuild_case_unit_days();
      END $$`);
    await q.query(`SELECT rebuild_case_unit_days()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION rebuild_case_stats()`);
    await q.query(`ALTER FUNCTION rebuild_case_stats_dashboard() RENAME TO rebuild_case_stats`);
    await q.query(`DROP FUNCTION compact_case_stats()`);
    await q.query(`ALTER FUNCTION compact_case_stats_dashboard() RENAME TO compact_case_stats`);
    await q.query(`DROP FUNCTION rebuild_case_unit_days()`);
    await q.query(`DROP FUNCTION compact_case_unit_days()`);
    for (const t of ['case_unit_months', 'case_unit_day_deltas', 'case_unit_days']) {
      await q.query(`DROP TABLE "${t}"`);
    }
  }
}

/** (case_id, unit_id, agg): every unit of a case's scope; agg: ALL, its county or city (they count its state). */
const SCOPE = `SELECT id AS case_id, '00000000-0000-0000-0000-000000000000'::uuid AS unit_id, TRUE AS agg FROM cases
  UNION ALL SELECT id, county_id, TRUE FROM cases WHERE county_id IS NOT NULL
  UNION ALL SELECT id, city_id, TRUE FROM cases WHERE city_id IS NOT NULL
  UNION ALL SELECT DISTINCT case_id, unit_id, FALSE FROM case_hops`;

/** One row of figures per (case, scope unit) and per counted event: what the counters hold, summed; b: bucket. */
const CONTRIBUTIONS = `
  SELECT s.unit_id, (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date AS day, 1 AS received,
         (st AND c.status IN ('resolved', 'closed'))::int AS resolved, (st AND c.status = 'closed')::int AS closed,
         (st AND c.status = 'cancelled')::int AS cancelled,
         (st AND c.status IN ('resolved', 'closed') AND c.resolved_at IS NOT NULL AND (c.resolve_by IS NULL OR c.resolved_at <= c.resolve_by))::int AS on_time,
         (st AND c.overdue AND c.status IN ('open', 'in_progress', 'escalated'))::int AS overdue,
         (st AND c.rating IS NOT NULL)::int AS rated, CASE WHEN st THEN coalesce(c.rating, 0) ELSE 0 END AS rating_sum,
         coalesce(st AND c.rating >= 4, false)::int AS rated_good, 0 AS urged, 0 AS returned, 0 AS extensions,
         CASE WHEN st AND c.status IN ('resolved', 'closed') AND c.resolved_at IS NOT NULL THEN ${BUCKET} END AS b
    FROM (${SCOPE}) s JOIN cases c ON c.id = s.case_id CROSS JOIN LATERAL (SELECT s.agg OR s.unit_id = c.unit_id AS st) z
  UNION ALL
  SELECT e.from_unit_id, (e.at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         (e.type = 'urge')::int, (e.type = 'return')::int, (e.type = 'approve_extension')::int, NULL::int
    FROM case_events e WHERE e.type IN ('urge', 'return', 'approve_extension') AND e.from_unit_id IS NOT NULL`;
