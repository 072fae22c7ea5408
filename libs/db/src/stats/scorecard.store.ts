import { EntityManager, DataSource } from 'typeorm';
import { HIST_BUCKETS, RESOLVE_BUCKET_SQL, UNIT_DAY_FIGURES, UnitDayFigures } from './unit-days';

type Db = Pick<DataSource | EntityManager, 'query'>;

/** One unit's scorecard figures over a range of local days, and its resolved cases by hours-to-resolve bucket. */
export interface ScorecardRow extends UnitDayFigures {
  unitId: string;
  unitName: string;
  kind: string;
  /** Resolved cases per bucket of hours to resolve (HIST_BUCKETS entries; see unit-days.ts). */
  hist: number[];
}

/** A local-day range (YYYY-MM-DD, both ends included); null ends: unbounded. */
export interface DayRange {
  from: string | null;
  to: string | null;
}

const SUMS = UNIT_DAY_FIGURES.map((f) => `sum(${f})::int AS ${f}`).join(', ');
const COLS = UNIT_DAY_FIGURES.join(', ');
const ELEMENTS = (f: (i: number) => string) =>
  `ARRAY[${Array.from({ length: HIST_BUCKETS }, (_, i) => f(i + 1)).join(', ')}]::int[]`;
/** The bucket counts as an int[] from rows carrying a bucket `b` (NULL: not counted). */
const BUCKET_COUNTS = (where = 'TRUE') =>
  ELEMENTS((i) => `count(*) FILTER (WHERE ${where} AND b = ${i - 1})`);
const DAYS = (a: string) => `(${a}::date IS NULL OR day >= ${a}::date)`;
const DAYS_TO = (a: string) => `(${a}::date IS NULL OR day <= ${a}::date)`;
/** The whole calendar months of the range $2..$3: [FULL_FROM, FULL_TO) (months' first days; null ends: unbounded). */
const FULL_FROM = `(CASE WHEN $2::date IS NULL THEN '-infinity'::date ELSE (date_trunc('month', $2::date - 1) + interval '1 month')::date END)`;
const FULL_TO = `(CASE WHEN $3::date IS NULL THEN 'infinity'::date ELSE date_trunc('month', $3::date + 1)::date END)`;

function toRow(r: Record<string, unknown>): ScorecardRow {
  const row = {
    unitId: r['unit_id'] as string,
    unitName: r['unit_name'] as string,
    kind: r['kind'] as string,
    hist: Array.from({ length: HIST_BUCKETS }, (_, i) => Number((r['hist'] as number[] | null)?.[i] ?? 0)),
  } as ScorecardRow;
  for (const f of UNIT_DAY_FIGURES) row[f] = Number(r[f] ?? 0);
  return row;
}

/**
 * The scorecard of the given units over a range, from the kept counters (compacted + pending deltas, read in
 * one statement, so one snapshot: a compaction moves deltas into the compacted rows atomically): the range's
 * whole months from case_unit_months, the days of its partial months from case_unit_days.
 */
export async function readScorecard(db: Db, unitIds: string[], range: DayRange): Promise<ScorecardRow[]> {
  if (!unitIds.length) return [];
  const rows: Record<string, unknown>[] = await db.query(
    `WITH f AS (
       SELECT unit_id, ${SUMS}, ${ELEMENTS((i) => `sum(hist[${i}])`)} AS hist FROM (
         SELECT unit_id, ${COLS}, hist FROM case_unit_months WHERE unit_id = ANY($1::uuid[]) AND month >= ${FULL_FROM} AND month < ${FULL_TO}
         UNION ALL
         SELECT unit_id, ${COLS}, hist FROM case_unit_days WHERE unit_id = ANY($1::uuid[]) AND ${DAYS('$2')} AND ${DAYS_TO('$3')}
            AND (day < ${FULL_FROM} OR day >= ${FULL_TO})
         UNION ALL
         SELECT unit_id, ${COLS}, hist FROM case_unit_day_deltas WHERE unit_id = ANY($1::uuid[]) AND ${DAYS('$2')} AND ${DAYS_TO('$3')}
       ) x GROUP BY unit_id)
     SELECT x.id AS unit_id, u.name AS unit_name, u.kind, ${UNIT_DAY_FIGURES.map((c) => `f.${c}`).join(', ')}, f.hist
       FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, i) LEFT JOIN units u ON u.id = x.id LEFT JOIN f ON f.unit_id = x.id
      ORDER BY x.i`,
    [unitIds, range.from, range.to],
  );
  return rows.map(toRow);
}

/** The towns and bureaus under a unit (all of them for null), by name: the rows of its scorecard. */
export async function scorecardUnits(
  db: Db,
  parentId: string | null,
): Promise<{ id: string; name: string; kind: string }[]> {
  return db.query(
    parentId
      ? `WITH RECURSIVE sub AS (SELECT id FROM units WHERE parent_id = $1 UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
         SELECT u.id, u.name, u.kind FROM units u WHERE u.id IN (SELECT id FROM sub) AND u.kind IN ('town', 'bureau') ORDER BY u.kind DESC, u.code`
      : `SELECT id, name, kind FROM units WHERE kind IN ('town', 'bureau') ORDER BY kind DESC, code`,
    parentId ? [parentId] : [],
  );
}

/**
 * The same figures by a plain GROUP BY over cases, hops and events: the reference the counters must equal
 * (tests and the bench). Slow by design.
 */
export async function scorecardByGroupBy(
  db: Db,
  unitIds: string[],
  range: DayRange,
): Promise<ScorecardRow[]> {
  if (!unitIds.length) return [];
  const rows: Record<string, unknown>[] = await db.query(
    `WITH s AS (
       SELECT id AS case_id, '00000000-0000-0000-0000-000000000000'::uuid AS unit_id, TRUE AS agg FROM cases
       UNION ALL SELECT id, county_id, TRUE FROM cases WHERE county_id IS NOT NULL
       UNION ALL SELECT id, city_id, TRUE FROM cases WHERE city_id IS NOT NULL
       UNION ALL SELECT DISTINCT case_id, unit_id, FALSE FROM case_hops),
     sc AS (
       SELECT s.unit_id AS scope_unit, c.*, (s.agg OR s.unit_id = c.unit_id) AS st, ${RESOLVE_BUCKET_SQL('c')} AS b
         FROM s JOIN cases c ON c.id = s.case_id
        WHERE s.unit_id = ANY($1::uuid[])
          AND ($2::date IS NULL OR (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date >= $2::date)
          AND ($3::date IS NULL OR (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date <= $3::date)),
     f AS (
       SELECT sc.scope_unit AS unit_id, count(*)::int AS received,
              count(*) FILTER (WHERE st AND status IN ('resolved', 'closed'))::int AS resolved,
              count(*) FILTER (WHERE st AND status = 'closed')::int AS closed,
              count(*) FILTER (WHERE st AND status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE st AND status IN ('resolved', 'closed') AND resolved_at IS NOT NULL
                                 AND (resolve_by IS NULL OR resolved_at <= resolve_by))::int AS on_time,
              count(*) FILTER (WHERE st AND overdue AND status IN ('open', 'in_progress', 'escalated'))::int AS overdue,
              count(*) FILTER (WHERE st AND rating IS NOT NULL)::int AS rated,
              coalesce(sum(rating) FILTER (WHERE st), 0)::int AS rating_sum,
              count(*) FILTER (WHERE st AND rating >= 4)::int AS rated_good,
              ${BUCKET_COUNTS(`st AND status IN ('resolved', 'closed') AND resolved_at IS NOT NULL`)} AS hist
         FROM sc GROUP BY 1),
     ev AS (
       SELECT from_unit_id AS unit_id, count(*) FILTER (WHERE type = 'urge')::int AS urged,
              count(*) FILTER (WHERE type = 'return')::int AS returned,
              count(*) FILTER (WHERE type = 'approve_extension')::int AS extensions
         FROM case_events
        WHERE type IN ('urge', 'return', 'approve_extension') AND from_unit_id = ANY($1::uuid[])
          AND ($2::date IS NULL OR (at AT TIME ZONE 'Asia/Shanghai')::date >= $2::date)
          AND ($3::date IS NULL OR (at AT TIME ZONE 'Asia/Shanghai')::date <= $3::date)
        GROUP BY 1)
     SELECT x.id AS unit_id, u.name AS unit_name, u.kind, f.received, f.resolved, f.closed, f.cancelled, f.on_time, f.overdue,
            f.rated, f.rating_sum, f.rated_good, ev.urged, ev.returned, ev.extensions, f.hist
       FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, i) LEFT JOIN units u ON u.id = x.id
       LEFT JOIN f ON f.unit_id = x.id LEFT JOIN ev ON ev.unit_id = x.id
      ORDER BY x.i`,
    [unitIds, range.from, range.to],
  );
  return rows.map(toRow);
}

/** Whether `unitId` exists and lies at or under `within` (null: anywhere). */
export async function unitIsWithin(db: Db, unitId: string, within: string | null): Promise<boolean> {
  const rows: unknown[] = await db.query(
    within
      ? `WITH RECURSIVE sub AS (SELECT id FROM units WHERE id = $2 UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
         SELECT 1 FROM units WHERE id = $1 AND id IN (SELECT id FROM sub)`
      : `SELECT 1 FROM units WHERE id = $1`,
    within ? [unitId, within] : [unitId],
  );
  return rows.length > 0;
}

/**
 * The period figures of the cases matching `where` (a condition on `cases c`, e.g. an instructor's), opened in
 * the range, by a GROUP BY: for callers whose jurisdiction is not a unit (no counters to read).
 */
export async function periodByGroupBy(
  db: Db,
  cond: { where: string; params: unknown[] },
  range: DayRange,
): Promise<ScorecardRow> {
  const n = cond.params.length;
  const [r]: Record<string, unknown>[] = await db.query(
    `WITH sc AS (
       SELECT c.*, ${RESOLVE_BUCKET_SQL('c')} AS b FROM cases c WHERE ${cond.where}
          AND ($${n + 1}::date IS NULL OR (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date >= $${n + 1}::date)
          AND ($${n + 2}::date IS NULL OR (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date <= $${n + 2}::date))
     SELECT NULL AS unit_id, NULL AS unit_name, NULL AS kind, count(*)::int AS received,
            count(*) FILTER (WHERE status IN ('resolved', 'closed'))::int AS resolved,
            count(*) FILTER (WHERE status = 'closed')::int AS closed,
            count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
            count(*) FILTER (WHERE status IN ('resolved', 'closed') AND resolved_at IS NOT NULL
                               AND (resolve_by IS NULL OR resolved_at <= resolve_by))::int AS on_time,
            count(*) FILTER (WHERE overdue AND status IN ('open', 'in_progress', 'escalated'))::int AS overdue,
            count(*) FILTER (WHERE rating IS NOT NULL)::int AS rated, coalesce(sum(rating), 0)::int AS rating_sum,
            count(*) FILTER (WHERE rating >= 4)::int AS rated_good, 0 AS urged, 0 AS returned, 0 AS extensions,
            ${BUCKET_COUNTS(`status IN ('resolved', 'closed') AND resolved_at IS NOT NULL`)} AS hist
       FROM sc`,
    [...cond.params, range.from, range.to],
  );
  return toRow(r ?? {});
}
