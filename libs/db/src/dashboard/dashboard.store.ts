import { PENDING_STATUSES, SOLVED_STATUSES, sqlStatusList } from '@taizhang/domain';
import type { EntityManager } from 'typeorm';
import { LedgerViewer, caseVisibility } from '../cases/ledger-filter';
import { unitSubtree } from '../reference/units.store';
import { ALL_SCOPE } from '../stats/case-counters.store';

/**
 * The manager's dashboard: the counters of a unit (compacted rows and appended deltas, see
 * stats/case-counters.store), and the plain GROUP BY over the ledger they must equal (instructors, whose
 * jurisdiction is their enterprises, are answered from it). Each statement with its typed rows.
 */

/** Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner. */
type Queryable = Pick<EntityManager, 'query'>;

const COUNTS = `count(*)::int AS total,
  count(*) FILTER (WHERE c.status IN ${sqlStatusList(SOLVED_STATUSES)})::int AS solved,
  count(*) FILTER (WHERE c.status IN ${sqlStatusList(PENDING_STATUSES)})::int AS pending,
  count(*) FILTER (WHERE c.overdue AND c.status IN ${sqlStatusList(PENDING_STATUSES)})::int AS overdue`;

/** Cases counted on the dashboard of unit $p: its town, county or city, or a unit that held the case. */
export const IN_SCOPE = (p: string) =>
  `(c.town_id = ${p} OR c.county_id = ${p} OR c.city_id = ${p} OR EXISTS (SELECT 1 FROM case_hops h WHERE h.case_id = c.id AND h.unit_id = ${p}))`;

/** The viewer's cases, narrowed to a unit's dashboard scope: a condition on `cases c` and its parameters. */
export function dashboardCaseWhere(
  viewer: LedgerViewer,
  unitId?: string,
): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = [caseVisibility(viewer, params)];
  if (unitId) {
    params.push(unitId);
    where.push(IN_SCOPE(`$${params.length}`));
  }
  return { where: where.join(' AND '), params };
}

/** Does one unit lie under the other (or are they the same)? */
export async function unitsRelated(q: Queryable, a: string, b: string): Promise<boolean> {
  const rows: unknown[] = await q.query(
    `SELECT 1 WHERE $1 IN ${unitSubtree('$2::uuid')} OR $2 IN ${unitSubtree('$1::uuid')}`,
    [a, b],
  );
  return rows.length > 0;
}

/** Counts of cases: all, solved, pending, pending and overdue. */
export type CountsRow = { total: number; solved: number; pending: number; overdue: number };
/** A counter of cases by category, level, status and overdue. */
export type BucketRow = { category_code: string; level: number; status: string; overdue: boolean; n: number };
/** A town's counter by status and overdue (`n` null: a town without deltas). */
export type TownCountRow = {
  id: string;
  status: string | null;
  overdue: boolean | null;
  n: number | null;
};
/** Cases opened and solved on a local day (YYYY-MM-DD). */
export type DailyRow = { day: string; opened: number; solved: number };
/** Cases solved in a bucket of tenths of an hour. */
export type HistRow = { bucket: number; n: number };

/** The counters of a scope, read in one statement: compacted rows or deltas, and the fold generation. */
export type CountersRow = {
  gen: string;
  buckets: BucketRow[];
  towns: TownCountRow[];
  daily: DailyRow[];
  hist: HistRow[];
};

/** The deltas of a scope, with its unit's kind (null: no such unit) and whether it lies under `within`. */
export type LiveCountersRow = Omit<CountersRow, 'towns'> & {
  /** the scope's towns, named (all of them: LEFT JOIN on the deltas) */
  towns: (TownCountRow & { name: string })[];
  kind: string | null;
  within: boolean;
};

/** The unit whose counters are read, and the caller's unit it must lie under (null: no such check). */
export interface CounterScope {
  id: string;
  within: string | null;
}

const townsOf = (scope: CounterScope) =>
  scope.id === ALL_SCOPE ? `u.kind = 'town'` : `u.kind = 'town' AND u.id IN ${unitSubtree('$1')}`;

/**
 * The appended deltas of a scope (and of its towns, with their names), the generation of the compacted rows
 * they go with, and the scope's unit: its kind, and whether it lies under `scope.within`. `day`: the local
 * day the 30-day trend ends on.
 */
export async function liveCounters(
  q: Queryable,
  scope: CounterScope,
  day: string,
): Promise<LiveCountersRow | undefined> {
  const towns = townsOf(scope);
  const unit =
    scope.id === ALL_SCOPE
      ? `NULL::text AS kind, TRUE AS within`
      : `(SELECT kind FROM units WHERE id = $1) AS kind, ${
          scope.within ? `EXISTS (SELECT 1 FROM ${unitSubtree('$3')} s WHERE s.id = $1)` : 'TRUE'
        } AS within`;
  const [live]: LiveCountersRow[] = await q.query(
    `SELECT ${unit}, (SELECT gen::text FROM case_stats_generation) AS gen,
           (SELECT coalesce(json_agg(x), '[]') FROM (
              SELECT category_code, level, status, overdue, sum(n)::int AS n FROM case_stats_deltas WHERE unit_id = $1 GROUP BY 1, 2, 3, 4) x) AS buckets,
           (SELECT coalesce(json_agg(x), '[]') FROM (
              SELECT u.id, u.name, d.status, d.overdue, coalesce(sum(d.n), 0)::int AS n
                FROM units u LEFT JOIN case_stats_deltas d ON d.unit_id = u.id WHERE ${towns} GROUP BY 1, 2, 3, 4) x) AS towns,
           (SELECT coalesce(json_agg(x), '[]') FROM (
              SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(opened)::int AS opened, sum(solved)::int AS solved
                FROM case_daily_deltas WHERE unit_id = $1 AND day > $2::date - 30 GROUP BY 1) x) AS daily,
           (SELECT coalesce(json_agg(x), '[]') FROM (
              SELECT bucket, sum(n)::int AS n FROM case_solve_hist_deltas WHERE unit_id = $1 GROUP BY 1) x) AS hist`,
    scope.within ? [scope.id, day, scope.within] : [scope.id, day],
  );
  return live;
}

/** The compacted counters of a scope (and of its towns) and their generation. */
export async function compactedCounters(
  q: Queryable,
  scope: CounterScope,
  day: string,
): Promise<CountersRow | undefined> {
  const towns = townsOf(scope);
  const [c]: CountersRow[] = await q.query(
    `SELECT (SELECT gen::text FROM case_stats_generation) AS gen,
           (SELECT coalesce(json_agg(x), '[]') FROM (
              SELECT category_code, level, status, overdue, n FROM case_stats WHERE unit_id = $1) x) AS buckets,
           (SELECT coalesce(json_agg(x), '[]') FROM (
              SELECT t.unit_id AS id, t.status, t.overdue, t.n FROM case_unit_totals t JOIN units u ON u.id = t.unit_id WHERE ${towns}) x) AS towns,
           (SELECT coalesce(json_agg(x), '[]') FROM (
              SELECT to_char(day, 'YYYY-MM-DD') AS day, opened, solved FROM case_daily_stats WHERE unit_id = $1 AND day > $2::date - 30) x) AS daily,
           (SELECT coalesce(json_agg(x), '[]') FROM (SELECT bucket, n FROM case_solve_hist WHERE unit_id = $1) x) AS hist`,
    [scope.id, day],
  );
  return c;
}

/** A counter row that counts (its `n` not null). */
export type Counted<R extends { n: number | null }> = Omit<R, 'n'> & { n: number };

/** A town's netted counter: the town (named) and a status, overdue and a non-zero count. */
export type TownCounterRow = { id: string; name: string; status: string; overdue: boolean; n: number };

/** The counters of a scope: compacted rows and deltas added up (what the dashboard counts from). */
export interface NettedCounters {
  buckets: Counted<BucketRow>[];
  /** towns of the scope (those the deltas read named), by status and overdue */
  towns: TownCounterRow[];
  daily: DailyRow[];
  hist: Counted<HistRow>[];
}

/** Rows summed per key (compacted + deltas), without the keys whose sum is zero (and rows with no count). */
export function netted<R extends { n: number | null }>(rows: R[], key: (r: R) => string): Counted<R>[] {
  const m = new Map<string, Counted<R>>();
  for (const r of rows) {
    if (r.n == null) continue; // a town without deltas (LEFT JOIN)
    const k = key(r);
    const had = m.get(k);
    if (had) had.n = Number(had.n) + Number(r.n);
    else m.set(k, { ...r, n: Number(r.n) });
  }
  return [...m.values()].filter((r) => r.n !== 0);
}

/** Opened and solved per local day, summed (compacted + deltas). */
export function nettedDaily(rows: DailyRow[]): DailyRow[] {
  const m = new Map<string, DailyRow>();
  for (const r of rows) {
    const had = m.get(r.day);
    if (had) {
      had.opened = Number(had.opened) + Number(r.opened);
      had.solved = Number(had.solved) + Number(r.solved);
    } else m.set(r.day, { day: r.day, opened: Number(r.opened), solved: Number(r.solved) });
  }
  return [...m.values()];
}

/**
 * A scope's compacted counters and its deltas (of the same generation) added up: the buckets by category,
 * level, status and overdue; the towns by status and overdue (named from the deltas' read, unnamed ones
 * dropped); the 30-day trend; the time-to-solve histogram.
 */
export function netCounters(base: CountersRow, live: LiveCountersRow): NettedCounters {
  const townNames = new Map(live.towns.map((r) => [r.id, r.name]));
  const towns: TownCounterRow[] = [];
  for (const r of netted([...base.towns, ...live.towns], (t) => `${t.id}|${t.status}|${t.overdue}`)) {
    const name = townNames.get(r.id);
    // a status of null only on a town without deltas, whose count (0) netted drops
    if (name === undefined || r.status === null) continue;
    towns.push({ id: r.id, name, status: r.status, overdue: Boolean(r.overdue), n: r.n });
  }
  return {
    buckets: netted(
      [...base.buckets, ...live.buckets],
      (b) => `${b.category_code}|${b.level}|${b.status}|${b.overdue}`,
    ),
    towns,
    daily: nettedDaily([...base.daily, ...live.daily]),
    hist: netted([...base.hist, ...live.hist], (h) => String(h.bucket)),
  };
}

/** A town and the counts of its cases. */
export type TownCountsRow = CountsRow & { id: string; name: string };

/** A bureau's cases (those it held) by town: a bureau has no towns under it. */
export function bureauCasesByTown(q: Queryable, bureauId: string): Promise<TownCountsRow[]> {
  return q.query(
    `SELECT c.town_id AS id, t.name, ${COUNTS} FROM cases c JOIN units t ON t.id = c.town_id
          WHERE EXISTS (SELECT 1 FROM case_hops h WHERE h.case_id = c.id AND h.unit_id = $1) GROUP BY 1, 2`,
    [bureauId],
  );
}

/** The plain GROUP BYs over the ledger for a condition on `cases c`. */
export interface LedgerSummaryRows {
  totals: CountsRow[];
  byStatus: { status: string; n: number }[];
  byCategory: (CountsRow & { category_code: string })[];
  byUnit: (CountsRow & { unit_id: string; unit_name: string })[];
  byLevel: (CountsRow & { level: number })[];
  /** by local day of opening and of solving */
  trend: { date: string; opened: number; solved: number }[];
  /** time to solve in buckets of tenths of an hour */
  median: HistRow[];
}

/** The dashboard's figures counted on the ledger (`where`, a condition on `cases c`, with its parameters). */
export async function ledgerSummary(q: Queryable, w: string, params: unknown[]): Promise<LedgerSummaryRows> {
  const run = (sql: string) => q.query(sql, params);
  const [totals, byStatus, byCategory, byUnit, byLevel, trend, median] = await Promise.all([
    run(`SELECT ${COUNTS} FROM cases c WHERE ${w}`),
    run(`SELECT c.status, count(*)::int AS n FROM cases c WHERE ${w} GROUP BY c.status`),
    run(
      `SELECT c.category_code, ${COUNTS} FROM cases c WHERE ${w} GROUP BY c.category_code ORDER BY total DESC`,
    ),
    run(`SELECT c.town_id AS unit_id, t.name AS unit_name, ${COUNTS} FROM cases c JOIN units t ON t.id = c.town_id WHERE ${w}
           GROUP BY c.town_id, t.name ORDER BY total DESC`),
    run(`SELECT c.level, ${COUNTS} FROM cases c WHERE ${w} GROUP BY c.level ORDER BY c.level`),
    run(`SELECT to_char(d, 'YYYY-MM-DD') AS date, sum(o)::int AS opened, sum(s)::int AS solved FROM (
           SELECT (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date AS d, 1 AS o, 0 AS s FROM cases c WHERE ${w}
           UNION ALL SELECT (c.resolved_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1 FROM cases c WHERE ${w} AND c.resolved_at IS NOT NULL) x
         GROUP BY d`),
    run(`SELECT floor(extract(epoch FROM c.resolved_at - c.opened_at) / 360)::int AS bucket, count(*)::int AS n
           FROM cases c WHERE ${w} AND c.resolved_at IS NOT NULL GROUP BY 1 ORDER BY 1`),
  ]);
  return { totals, byStatus, byCategory, byUnit, byLevel, trend, median };
}
