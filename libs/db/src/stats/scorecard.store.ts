import { EntityManager, DataSource } from 'typeorm';
import { queryPrepared, prepared } from '../prepared';
import {
  HIST_BUCKETS,
  RESOLVE_BUCKET_SQL,
  UNIT_DAY_FIGURES,
  UnitDayFigure,
  UnitDayFigures,
} from './unit-days';

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
const DAY_MS = 86_400_000;
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The first day of the month of a day (YYYY-MM-DD). */
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
/** The first day of the month after the one of a day. */
const nextMonthStart = (d: string) => {
  const t = new Date(dayMs(monthStart(d)));
  t.setUTCMonth(t.getUTCMonth() + 1);
  return ymd(t.getTime());
};
/** A day or an infinite end, as PostgreSQL's date input reads it. */
type Bound = string;
const NEG: Bound = '-infinity';
const POS: Bound = 'infinity';
const num = (b: Bound) => (b === NEG ? -Infinity : b === POS ? Infinity : dayMs(b));

/**
 * Where the counters of a range of days are read, as half-open [lo, hi) bounds of plain dates (so each is an
 * index range on (unit_id, month|day)): the range's whole calendar months from
 * case_unit_months, the days of its partial months (at most two runs, one at each end) from case_unit_days,
 * and every day of it from the pending deltas. An empty window is [infinity, infinity).
 */
export interface CounterWindows {
  months: [Bound, Bound];
  daysA: [Bound, Bound];
  daysB: [Bound, Bound];
  deltas: [Bound, Bound];
}

export function counterWindows(range: DayRange): CounterWindows {
  const lo: Bound = range.from ?? NEG;
  const hi: Bound = range.to ? ymd(dayMs(range.to) + DAY_MS) : POS; // exclusive
  // whole months: from the first month starting on or after `from`, up to the month holding the day after `to`
  const fullFrom: Bound = range.from
    ? range.from.endsWith('-01')
      ? range.from
      : nextMonthStart(range.from)
    : NEG;
  const fullTo: Bound = hi === POS ? POS : monthStart(hi);
  const none: [Bound, Bound] = [POS, POS];
  if (num(fullFrom) < num(fullTo))
    return { months: [fullFrom, fullTo], daysA: [lo, fullFrom], daysB: [fullTo, hi], deltas: [lo, hi] };
  return { months: none, daysA: [lo, hi], daysB: none, deltas: [lo, hi] };
}

const windowParams = (w: CounterWindows) => [...w.months, ...w.daysA, ...w.daysB, ...w.deltas];

/**
 * The counter rows of the units `ids` (an SQL uuid[] expression) in the windows at parameters $p..$p+7, one
 * row per unit: `unit_id`, the figures and `hist`.
 */
const FIGURES_OF = (ids: string, p: number) => {
  const d = (k: number) => `$${p + k}::date`;
  return `SELECT unit_id, ${SUMS}, ${ELEMENTS((i) => `sum(hist[${i}])`)} AS hist FROM (
         SELECT unit_id, ${COLS}, hist FROM case_unit_months WHERE unit_id = ANY(${ids}) AND month >= ${d(0)} AND month < ${d(1)} AND ${d(0)} < ${d(1)}
         UNION ALL
         SELECT unit_id, ${COLS}, hist FROM case_unit_days WHERE unit_id = ANY(${ids}) AND day >= ${d(2)} AND day < ${d(3)} AND ${d(2)} < ${d(3)}
         UNION ALL
         SELECT unit_id, ${COLS}, hist FROM case_unit_days WHERE unit_id = ANY(${ids}) AND day >= ${d(4)} AND day < ${d(5)} AND ${d(4)} < ${d(5)}
         UNION ALL
         SELECT unit_id, ${COLS}, hist FROM case_unit_day_deltas WHERE unit_id = ANY(${ids}) AND day >= ${d(6)} AND day < ${d(7)} AND ${d(6)} < ${d(7)}
       ) x GROUP BY unit_id`;
};

/**
 * A scorecard row as read: the unit (NULL in a GROUP BY without one), its figures (NULL or missing: none; sums
 * may come as text) and its histogram.
 */
type ScorecardDbRow = {
  unit_id: string | null;
  unit_name: string | null;
  kind: string | null;
  hist: number[] | null;
} & Partial<Record<UnitDayFigure, number | string | null>>;

/** A unit scorecard statement's row: whether the unit is within reach, on every row. */
type UnitScorecardDbRow = ScorecardDbRow & { ok: boolean };

/** The row of a GROUP BY that matched nothing. */
const NO_ROW: ScorecardDbRow = { unit_id: null, unit_name: null, kind: null, hist: null };

function toRow(r: ScorecardDbRow): ScorecardRow {
  const figures = Object.fromEntries(UNIT_DAY_FIGURES.map((f) => [f, Number(r[f] ?? 0)]));
  return {
    unitId: r.unit_id as string,
    unitName: r.unit_name as string,
    kind: r.kind as string,
    hist: Array.from({ length: HIST_BUCKETS }, (_, i) => Number(r.hist?.[i] ?? 0)),
    ...(figures as UnitDayFigures),
  };
}

const READ_SCORECARD = prepared(
  'scorecard_read',
  `WITH f AS (${FIGURES_OF('$1::uuid[]', 2)})
   SELECT x.id AS unit_id, u.name AS unit_name, u.kind, ${UNIT_DAY_FIGURES.map((c) => `f.${c}`).join(', ')}, f.hist
     FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, i) LEFT JOIN units u ON u.id = x.id LEFT JOIN f ON f.unit_id = x.id
    ORDER BY x.i`,
);

/**
 * The scorecard of the given units over a range, from the kept counters (compacted + pending deltas, read in
 * one statement, so one snapshot: a compaction moves deltas into the compacted rows atomically): the range's
 * whole months from case_unit_months, the days of its partial months from case_unit_days (counterWindows).
 */
export async function readScorecard(db: Db, unitIds: string[], range: DayRange): Promise<ScorecardRow[]> {
  if (!unitIds.length) return [];
  const params = [unitIds, ...windowParams(counterWindows(range))];
  // named (parsed once per connection) on the pool; inside a caller's transaction, as it comes
  const rows: ScorecardDbRow[] =
    db instanceof DataSource
      ? await queryPrepared<ScorecardDbRow>(db, READ_SCORECARD, params)
      : await db.query(READ_SCORECARD.text, params);
  return rows.map(toRow);
}

/**
 * The scorecard statement of a unit's towns and bureaus ($1: the unit, $2: the unit the caller must stay
 * within, NULL for anywhere) or of all of them (`all`): the jurisdiction check, the unit list and the counter
 * sums in one round trip, as a named statement (parsed once per connection). `ok` is on every row;
 * a unit that does not exist or lies outside $2 gives one row, ok false, no unit.
 */
const unitScorecardText = (all: boolean) => {
  const p = all ? 1 : 3;
  const units = all
    ? `r AS (SELECT id, name, kind, code FROM units WHERE kind IN ('town', 'bureau')),
       ok AS (SELECT TRUE AS ok),`
    : `up AS (SELECT id, parent_id FROM units WHERE id = $1
              UNION ALL SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id),
       sub AS (SELECT id, name, kind, code FROM units WHERE parent_id = $1
               UNION ALL SELECT u.id, u.name, u.kind, u.code FROM units u JOIN sub ON u.parent_id = sub.id),
       r AS (SELECT id, name, kind, code FROM sub WHERE kind IN ('town', 'bureau')),
       ok AS (SELECT EXISTS (SELECT 1 FROM up) AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM up WHERE id = $2::uuid)) AS ok),`;
  return `WITH RECURSIVE ${units}
     ids AS (SELECT coalesce(array_agg(r.id), '{}') AS ids FROM r, ok WHERE ok.ok),
     f AS (${FIGURES_OF('(SELECT ids FROM ids)::uuid[]', p)})
     SELECT ok.ok, r.id AS unit_id, r.name AS unit_name, r.kind, ${UNIT_DAY_FIGURES.map((c) => `f.${c}`).join(', ')}, f.hist
       FROM ok LEFT JOIN (r LEFT JOIN f ON f.unit_id = r.id) ON ok.ok
      ORDER BY r.kind DESC, r.code`;
};
const UNIT_SCORECARD = prepared('scorecard_unit', unitScorecardText(false));
const ALL_SCORECARD = prepared('scorecard_all', unitScorecardText(true));

/**
 * The scorecard of the towns and bureaus under `parent` (all of them for null), towns first, each by code:
 * null when `parent` does not exist or lies outside `within` (null: no bound). One statement.
 */
export async function readUnitScorecard(
  ds: DataSource,
  parent: string | null,
  within: string | null,
  range: DayRange,
): Promise<ScorecardRow[] | null> {
  const w = windowParams(counterWindows(range));
  const rows = parent
    ? await queryPrepared<UnitScorecardDbRow>(ds, UNIT_SCORECARD, [parent, within, ...w])
    : await queryPrepared<UnitScorecardDbRow>(ds, ALL_SCORECARD, w);
  if (!rows[0]?.ok) return null;
  return rows.filter((r) => r.unit_id != null).map(toRow);
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
  const rows: ScorecardDbRow[] = await db.query(
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
  const [r]: ScorecardDbRow[] = await db.query(
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
  return toRow(r ?? NO_ROW);
}
