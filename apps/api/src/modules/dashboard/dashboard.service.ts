import { Injectable } from '@nestjs/common';
import { CASE_STATUSES, CaseLevel, CaseStatus, DashboardSummary } from '@taizhang/contracts';
import {
  ALL_SCOPE,
  bureauCasesByTown,
  commonProblemCounts,
  compactedCounters,
  CounterScope,
  CountersRow,
  CountsRow,
  dashboardCaseWhere,
  HistRow,
  ledgerSummary,
  liveCounters,
  LiveCountersRow,
  netCounters,
  unitsRelated,
  periodByGroupBy,
  ResumptionFigures,
  resumptionFigures,
  resumptionOfInstructor,
} from '@taizhang/db';
import { PENDING_STATUSES, SOLVED_STATUSES, shanghaiDate } from '@taizhang/domain';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { RangeQuery } from './dto/range-query.dto';
import { ScorecardService, dayRange, periodFigures } from './scorecard.service';

/** The all-time figures (what the summary had before ranges and rates). */
export type BaseSummary = Omit<DashboardSummary, 'cancelled' | 'range' | 'period' | 'rates'>;
type Counts = CountsRow;
/** A counted row by status and overdue (a bucket, a town's counter). */
type StatusCount = { status: string; overdue: boolean; n: number };

const today = () => shanghaiDate(new Date());

/**
 * The manager's numbers. Read from counters kept in the same transaction as every case change
 * (`case_stats` + appended deltas, see libs/db stats/case-counters.store), never by scanning the ledger; the plain
 * GROUP BY (`naive`) is kept as the reference the counters must equal, and for instructors, whose
 * jurisdiction (their enterprises) is not a unit.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly ds: DataSource,
    private readonly scorecard: ScorecardService,
  ) {}

  /** 共性问题 on the dashboard: groups with a member case in the unit's area (null: everywhere), and those cases. */
  commonProblems(unitId: string | null): Promise<{ groups: number; members: number }> {
    return commonProblemCounts(this.ds.manager, unitId);
  }

  /**
   * The summary with the figures of a range of opening days (`period`, `rates`) and the cancelled count
   * (total = solved + pending + cancelled). Additive: the all-time figures above are unchanged.
   */
  async summaryWithRange(user: AuthUser, q: RangeQuery): Promise<DashboardSummary> {
    const range = dayRange(q);
    // read beside the all-time figures, not after them: `summary` checks the unit is within the caller's
    // reach, and its refusal rejects the whole answer (the range figures read meanwhile are dropped)
    const [base, period] = await Promise.all([
      this.summary(user, q.unitId),
      (async () =>
        user.role === 'instructor'
          ? periodFigures(await periodByGroupBy(this.ds, dashboardCaseWhere(user, q.unitId), range))
          : this.scorecard.period(this.scopeFor(user, q.unitId)?.id ?? ALL_SCOPE, range))(),
    ]);
    return {
      ...base,
      cancelled: base.byStatus.cancelled,
      range,
      period,
      rates: period.rates,
    };
  }

  async summary(user: AuthUser, unitId?: string): Promise<BaseSummary> {
    // the resumption figures (issue 15) are read beside the case counts; a unit outside the caller's reach
    // makes the case counts refuse, and the whole answer with them
    const [cases, resumption] = await Promise.all([
      this.caseSummary(user, unitId),
      this.resumption(user, unitId),
    ]);
    return { ...cases, resumption };
  }

  /** Enterprises by scale and resumption status, staff back, and the 30-day trend: counters kept by triggers. */
  private resumption(user: AuthUser, unitId?: string): Promise<ResumptionFigures> {
    if (user.role === 'instructor') return resumptionOfInstructor(this.ds, user.id);
    const scope = unitId ?? (user.role === 'admin' ? null : user.unitId);
    return resumptionFigures(this.ds, scope, lastDays(30));
  }

  private async caseSummary(user: AuthUser, unitId?: string): Promise<Omit<BaseSummary, 'resumption'>> {
    if (user.role === 'instructor') {
      // An instructor's cases lie in his town: he may narrow to it, a unit in it or one above it; any other
      // unit is outside his jurisdiction (404, as for every other role).
      if (unitId) {
        const related = user.unitId ? await unitsRelated(this.ds, unitId, user.unitId) : false;
        if (!related) throw new ApiError('REQUEST.NOT_FOUND', 'No unit with this id in your jurisdiction');
      }
      return this.naive(user, unitId);
    }
    const scope = this.scopeFor(user, unitId);
    if (!scope) return this.naive(user, unitId);
    return this.fromCounters(scope, unitId ?? user.unitId);
  }

  /**
   * The unit whose counters answer this caller: the one asked for or the caller's own. Whether it exists and
   * is within the caller's reach is checked in the same statement that reads its counters (one round trip).
   */
  private scopeFor(user: AuthUser, unitId?: string): Scope | null {
    // the nil UUID names the counters' ALL scope, not a unit: asked for, it is a unit that does not exist
    if (unitId === ALL_SCOPE) {
      throw new ApiError(
        'REQUEST.NOT_FOUND',
        user.role === 'admin' ? 'No unit with this id' : 'No unit with this id in your jurisdiction',
      );
    }
    if (!unitId && user.role === 'admin') return { id: ALL_SCOPE, within: null };
    const id = unitId ?? user.unitId;
    if (!id) return null;
    if (user.role !== 'admin' && unitId) {
      if (!user.unitId) throw new ApiError('REQUEST.NOT_FOUND', 'No unit with this id in your jurisdiction');
      return { id, within: user.unitId };
    }
    return { id, within: null };
  }

  /**
   * The counters of a scope = its compacted rows + its deltas. The compacted rows change only when the worker
   * folds deltas in (every few seconds), and each fold bumps `case_stats_generation` in its transaction: so
   * the compacted rows of a scope are cached per generation, and a request reads, in ONE statement (one
   * snapshot), the generation and the scope's deltas. Compacted rows and deltas are added only when they
   * belong to the same generation; a fold between the two reads makes the reader read again.
   */
  private readonly compacted = new Map<string, Compacted>();

  private async fromCounters(scope: Scope, unitId: string | null): Promise<Omit<BaseSummary, 'resumption'>> {
    const day = today();
    let live: LiveCountersRow | undefined;
    let base: Compacted | undefined;
    for (let attempt = 0; attempt < 5 && !base; attempt++) {
      // the unit's kind (null: no such unit), and whether it lies under the caller's own unit
      live = await liveCounters(this.ds, scope, day);
      if (scope.id !== ALL_SCOPE && (!live?.kind || !live.within)) {
        throw new ApiError(
          'REQUEST.NOT_FOUND',
          scope.within ? 'No unit with this id in your jurisdiction' : 'No unit with this id',
        );
      }
      const gen = live?.gen as string;
      const key = `${scope.id}|${day}`;
      const cached = this.compacted.get(key);
      if (cached?.gen === gen) {
        base = cached;
        break;
      }
      const c = await compactedCounters(this.ds, scope, day);
      if (c?.gen !== gen) continue; // a fold came between the two reads: read both again
      base = c;
      if (this.compacted.size >= 1000) this.compacted.delete(this.compacted.keys().next().value as string);
      this.compacted.set(key, base);
    }
    if (!base || !live) throw new Error('dashboard counters kept changing while being read: try again');
    const { buckets, towns, daily, hist } = netCounters(base, live);
    const units: { id: string; name: string }[] = [];
    const byUnitCounts = new Map<string, Counts>();
    for (const [id, rows] of groupBy(towns, (t) => t.id)) {
      units.push({ id, name: rows[0]?.name ?? '' });
      byUnitCounts.set(id, tally(rows));
    }
    // a bureau has no towns under it: its cases by town come from the hops (its own cases only)
    if (live.kind === 'bureau') {
      const rows = await bureauCasesByTown(this.ds, scope.id);
      units.push(...rows.map((r) => ({ id: r.id, name: r.name })));
      for (const r of rows)
        byUnitCounts.set(r.id, {
          total: Number(r.total),
          solved: Number(r.solved),
          pending: Number(r.pending),
          overdue: Number(r.overdue),
        });
    }
    return {
      unitId,
      ...tally(buckets),
      byStatus: Object.fromEntries(
        CASE_STATUSES.map((s) => [s, sum(buckets.filter((b) => b.status === s))]),
      ) as Record<CaseStatus, number>,
      byCategory: groupBy(buckets, (b) => b.category_code).map(([categoryCode, rows]) => ({
        categoryCode,
        ...tally(rows),
      })),
      byUnit: units
        .map((u) => ({ unitId: u.id, unitName: u.name, ...(byUnitCounts.get(u.id) ?? ZERO) }))
        .filter((u) => u.total > 0)
        .sort((a, b) => b.total - a.total),
      byLevel: groupBy(buckets, (b) => String(b.level))
        .map(([level, rows]) => ({ level: Number(level) as CaseLevel, ...tally(rows) }))
        .sort((a, b) => a.level - b.level),
      trend: lastDays(30).map((date) => {
        const d = daily.find((r) => r.day === date);
        return { date, opened: Number(d?.opened ?? 0), solved: Number(d?.solved ?? 0) };
      }),
      medianHoursToSolve: medianFromHistogram(hist),
    };
  }

  /** The plain GROUP BY over the ledger: the reference the counters must equal. */
  async naive(user: AuthUser, unitId?: string): Promise<Omit<BaseSummary, 'resumption'>> {
    const { where: w, params } = dashboardCaseWhere(user, unitId);
    const { totals, byStatus, byCategory, byUnit, byLevel, trend, median } = await ledgerSummary(
      this.ds,
      w,
      params,
    );
    const t = totals[0] ?? ZERO;
    const statusCounts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
    for (const r of byStatus) statusCounts[r.status as CaseStatus] = Number(r.n);
    const counts = (r: Counts): Counts => ({
      total: Number(r.total),
      solved: Number(r.solved),
      pending: Number(r.pending),
      overdue: Number(r.overdue),
    });
    return {
      unitId: unitId ?? user.unitId,
      ...counts(t),
      byStatus: statusCounts,
      byCategory: byCategory.map((r) => ({ categoryCode: r.category_code, ...counts(r) })),
      byUnit: byUnit.map((r) => ({
        unitId: r.unit_id,
        unitName: r.unit_name,
        ...counts(r),
      })),
      byLevel: byLevel.map((r) => ({ level: Number(r.level) as CaseLevel, ...counts(r) })),
      trend: lastDays(30).map((date) => {
        const d = trend.find((r) => r.date === date);
        return { date, opened: Number(d?.opened ?? 0), solved: Number(d?.solved ?? 0) };
      }),
      medianHoursToSolve: medianFromHistogram(median),
    };
  }
}

const ZERO: Counts = { total: 0, solved: 0, pending: 0, overdue: 0 };

/** The unit whose counters are read, and the caller's unit it must lie under (null: no such check). */
type Scope = CounterScope;

/** The compacted counters of one scope at one generation (and local day, for the 30-day trend). */
type Compacted = CountersRow;

function sum(rows: { n: number }[]): number {
  return rows.reduce((a, r) => a + Number(r.n), 0);
}

function tally(rows: StatusCount[]): Counts {
  const of = (pred: (r: StatusCount) => boolean) => sum(rows.filter(pred));
  const pending = (r: StatusCount) => PENDING_STATUSES.includes(r.status as CaseStatus);
  return {
    total: sum(rows),
    solved: of((r) => SOLVED_STATUSES.includes(r.status as CaseStatus)),
    pending: of(pending),
    overdue: of((r) => Boolean(r.overdue) && pending(r)),
  };
}

/** Rows grouped by `key`, without the groups that count nothing, the largest first. */
function groupBy<R extends { n: number }>(rows: R[], key: (r: R) => string): [string, R[]][] {
  const m = new Map<string, R[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return [...m].filter(([, rs]) => sum(rs) !== 0).sort((a, b) => sum(b[1]) - sum(a[1]));
}

/** The last `n` local days (Asia/Shanghai), oldest first, as YYYY-MM-DD. */
export function lastDays(n: number, now = new Date()): string[] {
  const base = Date.parse(`${shanghaiDate(now)}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) =>
    new Date(base - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/**
 * The median time to solve, in hours, from a histogram of 6-minute buckets (tenths of an hour): the
 * middle bucket's midpoint, so within 0.05 h of the exact median.
 */
export function medianFromHistogram(rows: HistRow[]): number | null {
  const buckets = rows
    .map((r) => ({ bucket: Number(r.bucket), n: Number(r.n) }))
    .filter((b) => b.n > 0)
    .sort((a, b) => a.bucket - b.bucket);
  const total = buckets.reduce((a, b) => a + b.n, 0);
  if (!total) return null;
  const middle = (k: number) => {
    let seen = 0;
    for (const b of buckets) {
      seen += b.n;
      if (seen >= k) return b.bucket;
    }
    return (buckets[buckets.length - 1] as { bucket: number }).bucket;
  };
  return medianOfBuckets(middle(Math.floor((total + 1) / 2)), middle(Math.floor(total / 2) + 1));
}

/** The median in hours from the buckets of the two middle cases (the same bucket when the count is odd). */
export function medianOfBuckets(lo: number, hi: number): number {
  return Math.round(((lo + hi) / 2 + 0.5) * 10) / 100;
}
