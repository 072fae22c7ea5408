import { shanghaiDate } from '@taizhang/domain';
import { EntityManager } from 'typeorm';
import { CasesRow } from '../cases/case-rows';
import {
  UnitDayDeltas,
  UnitDayState,
  aggregateUnits,
  appendUnitDayDeltas,
  unitDayDeltasOf,
  unitDayState,
} from './unit-days';

/** The dashboard counters: what a case change appends to them, and their compaction. */

/** The scope every case belongs to, whatever its units: what an admin's dashboard counts. */
export const ALL_SCOPE = '00000000-0000-0000-0000-000000000000';

/** The fields of a case the dashboard counts by. */
export interface StatsState {
  categoryCode: string;
  level: number;
  status: string;
  overdue: boolean;
  openedAt: Date;
  resolvedAt: Date | null;
}

/** The columns of a case its counters are kept by. */
export type StatsColumns = Pick<
  CasesRow,
  'category_code' | 'level' | 'status' | 'overdue' | 'opened_at' | 'resolved_at'
>;

export function statsState(row: StatsColumns): StatsState {
  return {
    categoryCode: row.category_code,
    level: Number(row.level),
    status: row.status,
    overdue: Boolean(row.overdue),
    openedAt: new Date(row.opened_at),
    resolvedAt: row.resolved_at ? new Date(row.resolved_at) : null,
  };
}

/** The units whose dashboards count each case: ALL, county, city, and every unit that held it (in the order of `rows`). */
export async function caseScopes(
  m: EntityManager,
  rows: Pick<CasesRow, 'id' | 'county_id' | 'city_id'>[],
): Promise<string[][]> {
  const hops: { case_id: string; unit_id: string }[] = rows.length
    ? await m.query(`SELECT DISTINCT case_id, unit_id FROM case_hops WHERE case_id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ])
    : [];
  const held = new Map<string, string[]>();
  for (const h of hops) held.set(h.case_id, [...(held.get(h.case_id) ?? []), h.unit_id]);
  return rows.map((row) => [
    ...new Set(
      [ALL_SCOPE, row.county_id, row.city_id, ...(held.get(row.id) ?? [])].filter((u): u is string => !!u),
    ),
  ]);
}

const localDay = shanghaiDate;
/** Time to solve in tenths of an hour (the SQL of rebuild_case_stats() computes the same). */
const solveBucket = (s: StatsState) =>
  Math.floor(((s.resolvedAt as Date).getTime() - s.openedAt.getTime()) / 360_000);

/** Counter deltas to append (appends only: concurrent changes never wait on a counter row). */
export interface StatsDeltas {
  /** [unit, category, level, status, overdue, n] */
  stats: [string, string, number, string, boolean, number][];
  /** [unit, day, opened, solved] */
  daily: [string, string, number, number][];
  /** [unit, bucket, n] */
  hist: [string, number, number][];
}

/**
 * What a case change does to the dashboard counters: the case's contribution before (to its old scope)
 * taken away, its contribution after (to its new scope) added, netted.
 */
export function caseStatsDeltas(
  before: { state: StatsState; scope: string[] } | null,
  after: { state: StatsState; scope: string[] },
): StatsDeltas {
  return caseStatsDeltasOf([{ before, after }]);
}

/**
 * `caseStatsDeltas` of many changes at once, netted together in one pass over shared maps (the sweep's batches
 * used to net each case on its own and merge the results).
 */
export function caseStatsDeltasOf(
  changes: readonly {
    before: { state: StatsState; scope: string[] } | null;
    after: { state: StatsState; scope: string[] };
  }[],
): StatsDeltas {
  const stats = new Map<string, number>();
  const daily = new Map<string, [number, number]>();
  const hist = new Map<string, number>();
  const add = (side: { state: StatsState; scope: string[] }, sign: 1 | -1) => {
    const s = side.state;
    const key = `${s.categoryCode}|${s.level}|${s.status}|${s.overdue}`;
    const openDay = localDay(s.openedAt);
    const solvedDay = s.resolvedAt ? localDay(s.resolvedAt) : null;
    const bucket = s.resolvedAt ? solveBucket(s) : null;
    for (const unit of side.scope) {
      const k = `${unit}|${key}`;
      stats.set(k, (stats.get(k) ?? 0) + sign);
      const open = `${unit}|${openDay}`;
      const o = daily.get(open) ?? [0, 0];
      daily.set(open, [o[0] + sign, o[1]]);
      if (solvedDay !== null) {
        const solved = `${unit}|${solvedDay}`;
        const v = daily.get(solved) ?? [0, 0];
        daily.set(solved, [v[0], v[1] + sign]);
        const h = `${unit}|${bucket}`;
        hist.set(h, (hist.get(h) ?? 0) + sign);
      }
    }
  };
  for (const { before, after } of changes) {
    if (before) add(before, -1);
    add(after, 1);
  }
  return {
    stats: [...stats]
      .filter(([, n]) => n !== 0)
      .map(([k, n]) => {
        const [unit, cat, level, status, overdue] = k.split('|') as [string, string, string, string, string];
        return [unit, cat, Number(level), status, overdue === 'true', n];
      }),
    daily: [...daily]
      .filter(([, v]) => v[0] !== 0 || v[1] !== 0)
      .map(([k, v]) => {
        const [unit, day] = k.split('|') as [string, string];
        return [unit, day, v[0], v[1]];
      }),
    hist: [...hist]
      .filter(([, n]) => n !== 0)
      .map(([k, n]) => {
        const [unit, bucket] = k.split('|') as [string, string];
        return [unit, Number(bucket), n];
      }),
  };
}

/** SQL: append stats deltas given as the six arrays of `statsParams` ($n … $n+5). */
export const INSERT_STATS_DELTAS = (n: number) =>
  `INSERT INTO case_stats_deltas (unit_id, category_code, level, status, overdue, n)
   SELECT * FROM unnest($${n}::uuid[], $${n + 1}::text[], $${n + 2}::smallint[], $${n + 3}::text[], $${n + 4}::boolean[], $${n + 5}::int[])`;
export const statsParams = (d: StatsDeltas) => [0, 1, 2, 3, 4, 5].map((i) => d.stats.map((r) => r[i]));
/** SQL: append daily deltas given as the four arrays of `dailyParams` ($n … $n+3). */
export const INSERT_DAILY_DELTAS = (n: number) =>
  `INSERT INTO case_daily_deltas (unit_id, day, opened, solved) SELECT * FROM unnest($${n}::uuid[], $${n + 1}::date[], $${n + 2}::int[], $${n + 3}::int[])`;
export const dailyParams = (d: StatsDeltas) => [0, 1, 2, 3].map((i) => d.daily.map((r) => r[i]));

async function appendStatsDeltas(m: EntityManager, d: StatsDeltas): Promise<void> {
  if (d.stats.length) await m.query(INSERT_STATS_DELTAS(1), statsParams(d));
  if (d.daily.length) await m.query(INSERT_DAILY_DELTAS(1), dailyParams(d));
  if (d.hist.length) {
    await m.query(
      `INSERT INTO case_solve_hist_deltas (unit_id, bucket, n) SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[])`,
      [0, 1, 2].map((i) => d.hist.map((r) => r[i])),
    );
  }
}

/** Fold appended deltas into the compacted counters (the worker does this every few seconds). */
export async function compactCaseStats(m: EntityManager): Promise<number> {
  // compact_case_stats() (migration CaseUnitTotals): also what the benchmark runs before it measures
  const [r] = await m.query(`SELECT compact_case_stats() AS n`);
  return Number(r?.n ?? 0);
}

/** What changes of a case the dashboard counts: the fields of `next` an action or a check can set. */
export interface CaseChangeForStats {
  level: number;
  status: string;
  overdue: boolean;
  resolvedAt: string | null;
  unitId: string;
  /** The resolve-by after the change (the scorecard's on-time figure); omitted: unchanged. */
  resolveBy?: Date | string | null;
  /** The rating after the change (the scorecard's satisfaction); omitted: unchanged. */
  rating?: number | null;
}

/**
 * Record what changes of existing case rows (to `next`) do to the dashboard counters and the scorecard's
 * (`stats/unit-days.ts`), in the caller's transaction: one scope query and at most five appends.
 * `alsoDays`: more scorecard deltas of the same batch (its counted events), appended in the same statement.
 */
export async function recordCaseChangesStats(
  m: EntityManager,
  changes: { row: CasesRow; next: CaseChangeForStats }[],
  alsoDays: UnitDayDeltas = { days: [], hist: [] },
): Promise<void> {
  const counted = changes
    .map(({ row, next }) => {
      const before = statsState(row);
      const after: StatsState = {
        ...before,
        level: next.level,
        status: next.status,
        overdue: next.overdue,
        resolvedAt: next.resolvedAt ? new Date(next.resolvedAt) : null,
      };
      const daysBefore = unitDayState(row);
      const daysAfter: UnitDayState = {
        ...daysBefore,
        status: next.status,
        overdue: next.overdue,
        resolvedAt: after.resolvedAt,
        unitId: next.unitId,
        ...(next.resolveBy !== undefined
          ? { resolveBy: next.resolveBy ? new Date(next.resolveBy) : null }
          : {}),
        ...(next.rating !== undefined ? { rating: next.rating } : {}),
      };
      const moved = next.unitId !== row.unit_id;
      const same =
        !moved &&
        before.level === after.level &&
        before.status === after.status &&
        before.overdue === after.overdue &&
        (before.resolvedAt?.getTime() ?? null) === (after.resolvedAt?.getTime() ?? null);
      const daysSame =
        same &&
        (daysBefore.resolveBy?.getTime() ?? null) === (daysAfter.resolveBy?.getTime() ?? null) &&
        daysBefore.rating === daysAfter.rating;
      return daysSame
        ? null
        : { row, before, after, daysBefore, daysAfter, same, moved, unitId: next.unitId };
    })
    .filter((x) => x !== null);
  if (!counted.length) return appendUnitDayDeltas(m, alsoDays);
  const scopes = await caseScopes(
    m,
    counted.map((x) => x.row),
  );
  const changed = counted.flatMap((x, i) => {
    const scope = scopes[i];
    return x.same
      ? []
      : [
          {
            before: { state: x.before, scope },
            after: { state: x.after, scope: x.moved ? [...new Set([...scope, x.unitId])] : scope },
          },
        ];
  });
  if (changed.length) await appendStatsDeltas(m, caseStatsDeltasOf(changed));
  const days = counted.map((x, i) => {
    const scope = scopes[i];
    const agg = aggregateUnits(x.row, ALL_SCOPE);
    return {
      before: { state: x.daysBefore, scope, agg },
      after: { state: x.daysAfter, scope: x.moved ? [...new Set([...scope, x.unitId])] : scope, agg },
    };
  });
  await appendUnitDayDeltas(m, unitDayDeltasOf(days), alsoDays);
}
