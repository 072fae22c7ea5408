import { PENDING_STATUSES, SOLVED_STATUSES, shanghaiDate } from '@taizhang/domain';
import type { CaseStatus } from '@taizhang/domain';
import { EntityManager } from 'typeorm';
import type { CasesRow } from '../cases/case-rows';

/**
 * Scorecard counters (migration CaseUnitDays): per unit and local day, appended as deltas in the transaction of
 * the case change and folded by compact_case_stats(). Case figures are counted on the case's opening day: every
 * unit of its scope counts it as received; its state's figures go to the aggregate units (ALL, county, city)
 * and to the unit holding it. Event figures are counted on the event's day for the unit that held the case.
 */
export const UNIT_DAY_FIGURES = [
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
] as const;
export type UnitDayFigure = (typeof UNIT_DAY_FIGURES)[number];
export type UnitDayFigures = Record<UnitDayFigure, number>;

/** Event types the scorecard counts, by type string (approve_extension may not exist yet: nothing breaks). */
export const COUNTED_EVENTS: Record<string, UnitDayFigure> = {
  urge: 'urged',
  return: 'returned',
  approve_extension: 'extensions',
};

/** What of a case the scorecard counts. */
export interface UnitDayState {
  status: string;
  overdue: boolean;
  openedAt: Date;
  resolvedAt: Date | null;
  resolveBy: Date | null;
  rating: number | null;
  /** The unit holding it. */
  unitId: string;
}

export interface UnitDaySide {
  state: UnitDayState;
  /** Every unit of its scope (ALL, county, city, every unit that held it). */
  scope: string[];
  /** The aggregate units among them (ALL, county, city): they count the state's figures whoever holds it. */
  agg: string[];
}

export interface UnitDayDeltas {
  /** [unit, day, figures] */
  days: [string, string, Partial<UnitDayFigures>][];
  /** [unit, day, bucket (of hours to resolve, see HIST_BUCKETS), n] */
  hist: [string, string, number, number][];
}

const date = (v: Date | string | null): Date | null => (v == null ? null : new Date(v));

/** The columns of a case row (snake_case `cases.*`) its scorecard state is read from. */
export type UnitDayColumns = Pick<
  CasesRow,
  'status' | 'overdue' | 'opened_at' | 'resolved_at' | 'resolve_by' | 'rating' | 'unit_id'
>;

/** The scorecard state of a case row (snake_case `cases.*`). */
export function unitDayState(row: UnitDayColumns): UnitDayState {
  return {
    status: row.status,
    overdue: Boolean(row.overdue),
    openedAt: new Date(row.opened_at),
    resolvedAt: date(row.resolved_at),
    resolveBy: date(row.resolve_by),
    rating: row.rating == null ? null : Number(row.rating),
    unitId: row.unit_id,
  };
}

const solved = (s: UnitDayState) => SOLVED_STATUSES.includes(s.status as CaseStatus) && s.resolvedAt !== null;

/** The figures one case gives one unit (on its opening day); `counts`: the unit counts the case's state. */
export function caseFigures(s: UnitDayState, counts: boolean): Partial<UnitDayFigures> {
  const f: Partial<UnitDayFigures> = { received: 1 };
  if (!counts) return f;
  if (SOLVED_STATUSES.includes(s.status as CaseStatus)) f.resolved = 1;
  if (s.status === 'closed') f.closed = 1;
  if (s.status === 'cancelled') f.cancelled = 1;
  if (solved(s) && (s.resolveBy === null || (s.resolvedAt as Date) <= s.resolveBy)) f.on_time = 1;
  if (s.overdue && PENDING_STATUSES.includes(s.status as CaseStatus)) f.overdue = 1;
  if (s.rating !== null) {
    f.rated = 1;
    f.rating_sum = s.rating;
    if (s.rating >= 4) f.rated_good = 1;
  }
  return f;
}

/**
 * Hours to resolve are kept in HIST_BUCKETS log-scale buckets on each unit-day counter row (`hist`, an int[]):
 * bucket 0 is under 1 h; bucket k (1..22) is [2^((k-1)/2) h, 2^(k/2) h), half an octave wide (a factor √2);
 * bucket 23 is from 2^11 h = 2048 h (85 days) up. HIST_EDGES_MS: the lower edges of buckets 1..23 in
 * milliseconds (rounded), as SQL `width_bucket(ms, edges)` takes them (the migration and the GROUP BY
 * reference use the same list). The median read from them is within its bucket: see `medianFromBuckets`.
 */
export const HIST_BUCKETS = 24;
export const HIST_EDGES_MS: readonly number[] = Array.from({ length: HIST_BUCKETS - 1 }, (_, k) =>
  Math.round(3_600_000 * 2 ** (k / 2)),
);

/** The bucket of a duration in milliseconds: how many lower edges it reaches (SQL width_bucket). */
export function hoursBucketOfMs(ms: number): number {
  let b = 0;
  while (b < HIST_EDGES_MS.length && ms >= HIST_EDGES_MS[b]) b++;
  return b;
}

/** The bucket of a resolved case's time from opening to resolution (SQL: RESOLVE_BUCKET_SQL). */
export const resolveHoursBucket = (s: UnitDayState) =>
  hoursBucketOfMs((s.resolvedAt as Date).getTime() - s.openedAt.getTime());

/** The same in SQL, for a row of `cases` aliased `c` (milliseconds as JS sees them: each time truncated). */
export const RESOLVE_BUCKET_SQL = (c: string) =>
  `width_bucket((floor(extract(epoch FROM ${c}.resolved_at) * 1000) - floor(extract(epoch FROM ${c}.opened_at) * 1000))::bigint, '{${HIST_EDGES_MS.join(',')}}'::bigint[])`;

/** [lower, upper) hours of a bucket (the last one's upper: one more half-octave, for interpolation). */
export function bucketHours(b: number): [number, number] {
  return b === 0 ? [0, 1] : [2 ** ((b - 1) / 2), 2 ** (b / 2)];
}

/**
 * The median hours to resolve from bucket counts, rounded to 0.1 h: each of the middle rank(s) is placed
 * inside its bucket by its position among the bucket's cases (geometric, i.e. evenly on the log scale; linear
 * in bucket 0). Resolution: the estimate lies in the exact median's bucket, so it is within a factor √2 of
 * the exact median (from 1 h; under 1 h within 1 h), and typically much closer (see the bench README).
 */
export function medianFromBuckets(hist: readonly number[]): number | null {
  const total = hist.reduce((a, n) => a + n, 0);
  if (total <= 0) return null;
  const at = (k: number) => {
    let seen = 0;
    for (let b = 0; b < hist.length; b++) {
      const n = hist[b];
      if (n > 0 && seen + n >= k) {
        const [lo, hi] = bucketHours(b);
        const f = (k - seen - 0.5) / n;
        return b === 0 ? lo + (hi - lo) * f : lo * (hi / lo) ** f;
      }
      seen += n;
    }
    return bucketHours(hist.length - 1)[0];
  };
  const m = (at(Math.floor((total + 1) / 2)) + at(Math.floor(total / 2) + 1)) / 2;
  return Math.round(m * 10) / 10;
}

/** What a case change does to the scorecard counters: its contribution before taken away, after added. */
export function unitDayDeltas(before: UnitDaySide | null, after: UnitDaySide): UnitDayDeltas {
  return unitDayDeltasOf([{ before, after }]);
}

/**
 * `unitDayDeltas` of many changes at once, netted together: one pass over shared maps (a batch of the sweep
 * netted each case's deltas on their own and then merged them).
 */
export function unitDayDeltasOf(
  changes: readonly { before: UnitDaySide | null; after: UnitDaySide }[],
): UnitDayDeltas {
  const days = new Map<string, Partial<UnitDayFigures>>();
  const hist = new Map<string, number>();
  const add = (side: UnitDaySide, sign: 1 | -1) => {
    const s = side.state;
    const day = shanghaiDate(s.openedAt);
    for (const unit of side.scope) {
      const counts = side.agg.includes(unit) || unit === s.unitId;
      const k = `${unit}|${day}`;
      const acc = days.get(k) ?? {};
      for (const [f, n] of Object.entries(caseFigures(s, counts)) as [UnitDayFigure, number][])
        acc[f] = (acc[f] ?? 0) + sign * n;
      days.set(k, acc);
      if (counts && SOLVED_STATUSES.includes(s.status as CaseStatus) && s.resolvedAt) {
        const h = `${unit}|${day}|${resolveHoursBucket(s)}`;
        hist.set(h, (hist.get(h) ?? 0) + sign);
      }
    }
  };
  for (const { before, after } of changes) {
    if (before) add(before, -1);
    add(after, 1);
  }
  return netted(days, hist);
}

/**
 * Sums keyed `unit|day` and `unit|day|bucket` as deltas, the figures that net to 0 left out (and a day with none
 * left).
 */
function netted(days: Map<string, Partial<UnitDayFigures>>, hist: Map<string, number>): UnitDayDeltas {
  return {
    days: [...days]
      .map(([k, f]) => {
        const [unit, day] = k.split('|') as [string, string];
        const nonZero = Object.fromEntries(Object.entries(f).filter(([, n]) => n !== 0));
        return [unit, day, nonZero] as [string, string, Partial<UnitDayFigures>];
      })
      .filter(([, , f]) => Object.keys(f).length > 0),
    hist: [...hist]
      .filter(([, n]) => n !== 0)
      .map(([k, n]) => {
        const [unit, day, bucket] = k.split('|') as [string, string, string];
        return [unit, day, Number(bucket), n];
      }),
  };
}

/** The counted events (urge, return, approve_extension) as deltas: the holding unit, the event's local day. */
export function eventDayDeltas(
  events: { type: string; fromUnitId: string | null; at: Date }[],
): UnitDayDeltas {
  const days = new Map<string, Partial<UnitDayFigures>>();
  for (const e of events) {
    const f = COUNTED_EVENTS[e.type];
    if (!f || !e.fromUnitId) continue;
    const k = `${e.fromUnitId}|${shanghaiDate(e.at)}`;
    const acc = days.get(k) ?? {};
    acc[f] = (acc[f] ?? 0) + 1;
    days.set(k, acc);
  }
  return netted(days, new Map());
}

const COLS = UNIT_DAY_FIGURES.join(', ');
const UNNEST = UNIT_DAY_FIGURES.map((_, i) => `$${i + 3}::int[]`).join(', ');
const HIST_PARAM = `$${UNIT_DAY_FIGURES.length + 3}`;
/** An empty histogram, as an SQL array literal. */
export const HIST_ZEROS = `{${new Array(HIST_BUCKETS).fill(0).join(',')}}`;

/**
 * Append scorecard deltas in the caller's transaction: one statement, one row per (unit, day) with its figures
 * and its bucket counts (`hist`), summed over all the deltas given (a batch's case changes and its events).
 */
export async function appendUnitDayDeltas(m: EntityManager, ...all: UnitDayDeltas[]): Promise<void> {
  const rows = new Map<
    string,
    { unit: string; day: string; f: Partial<UnitDayFigures>; hist: number[] | null }
  >();
  const row = (unit: string, day: string) => {
    const k = `${unit}|${day}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { unit, day, f: {}, hist: null }));
    return r;
  };
  for (const d of all) {
    for (const [unit, day, f] of d.days) {
      const sum = row(unit, day).f;
      for (const [k, n] of Object.entries(f) as [keyof UnitDayFigures, number][]) sum[k] = (sum[k] ?? 0) + n;
    }
    for (const [unit, day, bucket, n] of d.hist) {
      const r = row(unit, day);
      r.hist ??= new Array<number>(HIST_BUCKETS).fill(0);
      r.hist[bucket] = (r.hist[bucket] ?? 0) + n;
    }
  }
  if (!rows.size) return;
  const list = [...rows.values()];
  await m.query(
    `INSERT INTO case_unit_day_deltas (unit_id, day, ${COLS}, hist)
     SELECT unit_id, day, ${COLS}, coalesce(h::int[], '${HIST_ZEROS}')
       FROM unnest($1::uuid[], $2::date[], ${UNNEST}, ${HIST_PARAM}::text[]) AS t(unit_id, day, ${COLS}, h)`,
    [
      list.map((r) => r.unit),
      list.map((r) => r.day),
      ...UNIT_DAY_FIGURES.map((f) => list.map((r) => r.f[f] ?? 0)),
      list.map((r) => (r.hist ? `{${r.hist.join(',')}}` : null)),
    ],
  );
}

/** The aggregate units of a case row: ALL, its county and city. */
export function aggregateUnits(row: Pick<CasesRow, 'county_id' | 'city_id'>, all: string): string[] {
  return [all, row.county_id, row.city_id].filter((x): x is string => Boolean(x));
}
