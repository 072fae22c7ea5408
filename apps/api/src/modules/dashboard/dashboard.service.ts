import { Injectable } from '@nestjs/common';
import { CASE_STATUSES, CaseLevel, CaseStatus, DashboardSummary } from '@taizhang/contracts';
import {
  ALL_SCOPE,
  commonProblemCounts,
  periodByGroupBy,
  ResumptionFigures,
  resumptionFigures,
  resumptionOfInstructor,
} from '@taizhang/db';
import { PENDING_STATUSES, SOLVED_STATUSES, shanghaiDate, sqlStatusList } from '@taizhang/domain';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { caseVisibility } from '../cases/jurisdiction';
import { SUBTREE } from '../enterprises/enterprises.service';
import { RangeQuery } from './dto/range-query.dto';
import { ScorecardService, dayRange, periodFigures } from './scorecard.service';

/** An instructor's cases (his enterprises), narrowed to a unit's scope: a condition on `cases c`. */
function caseVisibilityWhere(user: AuthUser, unitId?: string): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = [caseVisibility(user, params)];
  if (unitId) {
    params.push(unitId);
    where.push(IN_SCOPE(`$${params.length}`));
  }
  return { where: where.join(' AND '), params };
}

type Row = Record<string, unknown>;
/** The all-time figures (what the summary had before ranges and rates). */
export type BaseSummary = Omit<DashboardSummary, 'cancelled' | 'range' | 'period' | 'rates'>;
type Counts = { total: number; solved: number; pending: number; overdue: number };

const COUNTS = `count(*)::int AS total,
  count(*) FILTER (WHERE c.status IN ${sqlStatusList(SOLVED_STATUSES)})::int AS solved,
  count(*) FILTER (WHERE c.status IN ${sqlStatusList(PENDING_STATUSES)})::int AS pending,
  count(*) FILTER (WHERE c.overdue AND c.status IN ${sqlStatusList(PENDING_STATUSES)})::int AS overdue`;

/** Cases counted on the dashboard of unit $p: its town, county or city, or a unit that held the case. */
export const IN_SCOPE = (p: string) =>
  `(c.town_id = ${p} OR c.county_id = ${p} OR c.city_id = ${p} OR EXISTS (SELECT 1 FROM case_hops h WHERE h.case_id = c.id AND h.unit_id = ${p}))`;

const today = () => shanghaiDate(new Date());

/**
 * The manager's numbers. Read from counters kept in the same transaction as every case change
 * (`case_stats` + appended deltas, see libs/db case-store), never by scanning the ledger; the plain
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
          ? periodFigures(await periodByGroupBy(this.ds, caseVisibilityWhere(user, q.unitId), range))
          : this.scorecard.period(this.scopeFor(user, q.unitId)?.id ?? ALL_SCOPE, range))(),
    ]);
    return {
      ...base,
      cancelled: base.byStatus.cancelled,
      range,
      period,
      rates: period.rates,
    } as DashboardSummary;
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
        const related = user.unitId
          ? await this.ds.query(
              `SELECT 1 WHERE $1 IN ${SUBTREE('$2::uuid')} OR $2 IN ${SUBTREE('$1::uuid')}`,
              [unitId, user.unitId],
            )
          : [];
        if (!related.length)
          throw new ApiError('REQUEST.NOT_FOUND', 'No unit with this id in your jurisdiction');
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
    const q = (sql: string, params: unknown[]) => this.ds.query(sql, params) as Promise<Row[]>;
    const day = today();
    const towns = scope.id === ALL_SCOPE ? `u.kind = 'town'` : `u.kind = 'town' AND u.id IN ${SUBTREE('$1')}`;
    // the unit's kind (NULL: no such unit), and whether it lies under the caller's own unit
    const unit =
      scope.id === ALL_SCOPE
        ? `NULL::text AS kind, TRUE AS within`
        : `(SELECT kind FROM units WHERE id = $1) AS kind, ${
            scope.within ? `EXISTS (SELECT 1 FROM ${SUBTREE('$3')} s WHERE s.id = $1)` : 'TRUE'
          } AS within`;
    let live: Row | undefined;
    let base: Compacted | undefined;
    for (let attempt = 0; attempt < 5 && !base; attempt++) {
      [live] = await q(
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
      if (scope.id !== ALL_SCOPE && (!live?.['kind'] || !live['within'])) {
        throw new ApiError(
          'REQUEST.NOT_FOUND',
          scope.within ? 'No unit with this id in your jurisdiction' : 'No unit with this id',
        );
      }
      const gen = live?.['gen'] as string;
      const key = `${scope.id}|${day}`;
      const cached = this.compacted.get(key);
      if (cached?.gen === gen) {
        base = cached;
        break;
      }
      const [c] = await q(
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
      if (c?.['gen'] !== gen) continue; // a fold came between the two reads: read both again
      base = {
        gen,
        buckets: c['buckets'] as Row[],
        towns: c['towns'] as Row[],
        daily: c['daily'] as Row[],
        hist: c['hist'] as Row[],
      };
      if (this.compacted.size >= 1000) this.compacted.delete(this.compacted.keys().next().value as string);
      this.compacted.set(key, base);
    }
    if (!base || !live) throw new Error('dashboard counters kept changing while being read: try again');
    const buckets = netted(
      [...base.buckets, ...(live['buckets'] as Row[])],
      ['category_code', 'level', 'status', 'overdue'],
    );
    const townRows = netted([...base.towns, ...(live['towns'] as Row[])], ['id', 'status', 'overdue']);
    const townNames = new Map((live['towns'] as Row[]).map((r) => [r['id'] as string, r['name'] as string]));
    const daily = nettedDaily([...base.daily, ...(live['daily'] as Row[])]);
    const hist = netted([...base.hist, ...(live['hist'] as Row[])], ['bucket']);
    for (const r of townRows) r['name'] = townNames.get(r['id'] as string);
    const units: Row[] = [];
    const byUnitCounts = new Map<string, Counts>();
    for (const [id, rows] of groupBy(
      townRows.filter((r) => townNames.has(r['id'] as string)),
      'id',
    )) {
      units.push({ id, name: (rows[0] as Row)['name'] });
      byUnitCounts.set(id, tally(rows));
    }
    // a bureau has no towns under it: its cases by town come from the hops (its own cases only)
    if (live['kind'] === 'bureau') {
      const rows = await q(
        `SELECT c.town_id AS id, t.name, ${COUNTS} FROM cases c JOIN units t ON t.id = c.town_id
          WHERE EXISTS (SELECT 1 FROM case_hops h WHERE h.case_id = c.id AND h.unit_id = $1) GROUP BY 1, 2`,
        [scope.id],
      );
      units.push(...rows.map((r) => ({ id: r['id'], name: r['name'] })));
      for (const r of rows)
        byUnitCounts.set(r['id'] as string, {
          total: Number(r['total']),
          solved: Number(r['solved']),
          pending: Number(r['pending']),
          overdue: Number(r['overdue']),
        });
    }
    return {
      unitId,
      ...tally(buckets),
      byStatus: Object.fromEntries(
        CASE_STATUSES.map((s) => [s, sum(buckets.filter((b) => b['status'] === s))]),
      ) as Record<CaseStatus, number>,
      byCategory: groupBy(buckets, 'category_code').map(([categoryCode, rows]) => ({
        categoryCode,
        ...tally(rows),
      })),
      byUnit: units
        .map((u) => ({
          unitId: u['id'] as string,
          unitName: u['name'] as string,
          ...(byUnitCounts.get(u['id'] as string) ?? ZERO),
        }))
        .filter((u) => u.total > 0)
        .sort((a, b) => b.total - a.total),
      byLevel: groupBy(buckets, 'level')
        .map(([level, rows]) => ({ level: Number(level) as CaseLevel, ...tally(rows) }))
        .sort((a, b) => a.level - b.level),
      trend: lastDays(30).map((date) => {
        const d = daily.find((r) => r['day'] === date);
        return { date, opened: Number(d?.['opened'] ?? 0), solved: Number(d?.['solved'] ?? 0) };
      }),
      medianHoursToSolve: medianFromHistogram(hist),
    };
  }

  /** The plain GROUP BY over the ledger: the reference the counters must equal. */
  async naive(user: AuthUser, unitId?: string): Promise<Omit<BaseSummary, 'resumption'>> {
    const params: unknown[] = [];
    const where = [caseVisibility(user, params)];
    if (unitId) {
      params.push(unitId);
      where.push(IN_SCOPE(`$${params.length}`));
    }
    const w = where.join(' AND ');
    const q = (sql: string) => this.ds.query(sql, params) as Promise<Row[]>;
    const [totals, byStatus, byCategory, byUnit, byLevel, trend, median] = await Promise.all([
      q(`SELECT ${COUNTS} FROM cases c WHERE ${w}`),
      q(`SELECT c.status, count(*)::int AS n FROM cases c WHERE ${w} GROUP BY c.status`),
      q(
        `SELECT c.category_code, ${COUNTS} FROM cases c WHERE ${w} GROUP BY c.category_code ORDER BY total DESC`,
      ),
      q(`SELECT c.town_id AS unit_id, t.name AS unit_name, ${COUNTS} FROM cases c JOIN units t ON t.id = c.town_id WHERE ${w}
           GROUP BY c.town_id, t.name ORDER BY total DESC`),
      q(`SELECT c.level, ${COUNTS} FROM cases c WHERE ${w} GROUP BY c.level ORDER BY c.level`),
      q(`SELECT to_char(d, 'YYYY-MM-DD') AS date, sum(o)::int AS opened, sum(s)::int AS solved FROM (
           SELECT (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date AS d, 1 AS o, 0 AS s FROM cases c WHERE ${w}
           UNION ALL SELECT (c.resolved_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1 FROM cases c WHERE ${w} AND c.resolved_at IS NOT NULL) x
         GROUP BY d`),
      q(`SELECT floor(extract(epoch FROM c.resolved_at - c.opened_at) / 360)::int AS bucket, count(*)::int AS n
           FROM cases c WHERE ${w} AND c.resolved_at IS NOT NULL GROUP BY 1 ORDER BY 1`),
    ]);
    const t = totals[0] as Row;
    const statusCounts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
    for (const r of byStatus) statusCounts[r['status'] as CaseStatus] = Number(r['n']);
    const counts = (r: Row): Counts => ({
      total: Number(r['total']),
      solved: Number(r['solved']),
      pending: Number(r['pending']),
      overdue: Number(r['overdue']),
    });
    return {
      unitId: unitId ?? user.unitId,
      ...counts(t),
      byStatus: statusCounts,
      byCategory: byCategory.map((r) => ({ categoryCode: r['category_code'] as string, ...counts(r) })),
      byUnit: byUnit.map((r) => ({
        unitId: r['unit_id'] as string,
        unitName: r['unit_name'] as string,
        ...counts(r),
      })),
      byLevel: byLevel.map((r) => ({ level: Number(r['level']) as CaseLevel, ...counts(r) })),
      trend: lastDays(30).map((date) => {
        const d = trend.find((r) => r['date'] === date);
        return { date, opened: Number(d?.['opened'] ?? 0), solved: Number(d?.['solved'] ?? 0) };
      }),
      medianHoursToSolve: medianFromHistogram(median),
    };
  }
}

const ZERO: Counts = { total: 0, solved: 0, pending: 0, overdue: 0 };

/** The unit whose counters are read, and the caller's unit it must lie under (null: no such check). */
interface Scope {
  id: string;
  within: string | null;
}

/** The compacted counters of one scope at one generation (and local day, for the 30-day trend). */
interface Compacted {
  gen: string;
  buckets: Row[];
  towns: Row[];
  daily: Row[];
  hist: Row[];
}

/** Rows summed per key (compacted + deltas), without the keys whose sum is zero. */
function netted(rows: Row[], keys: string[]): Row[] {
  const m = new Map<string, Row>();
  for (const r of rows) {
    if (r['n'] == null) continue; // a town without deltas (LEFT JOIN)
    const k = keys.map((x) => String(r[x])).join('|');
    const had = m.get(k);
    if (had) had['n'] = Number(had['n']) + Number(r['n']);
    else m.set(k, { ...r, n: Number(r['n']) });
  }
  return [...m.values()].filter((r) => r['n'] !== 0);
}

function nettedDaily(rows: Row[]): Row[] {
  const m = new Map<string, Row>();
  for (const r of rows) {
    const had = m.get(r['day'] as string);
    if (had) {
      had['opened'] = Number(had['opened']) + Number(r['opened']);
      had['solved'] = Number(had['solved']) + Number(r['solved']);
    } else
      m.set(r['day'] as string, { day: r['day'], opened: Number(r['opened']), solved: Number(r['solved']) });
  }
  return [...m.values()];
}

function sum(rows: Row[]): number {
  return rows.reduce((a, r) => a + Number(r['n']), 0);
}

function tally(rows: Row[]): Counts {
  const of = (pred: (r: Row) => boolean) => sum(rows.filter(pred));
  return {
    total: sum(rows),
    solved: of((r) => SOLVED_STATUSES.includes(r['status'] as CaseStatus)),
    pending: of((r) => PENDING_STATUSES.includes(r['status'] as CaseStatus)),
    overdue: of((r) => Boolean(r['overdue']) && PENDING_STATUSES.includes(r['status'] as CaseStatus)),
  };
}

function groupBy(rows: Row[], key: string): [string, Row[]][] {
  const m = new Map<string, Row[]>();
  for (const r of rows) m.set(String(r[key]), [...(m.get(String(r[key])) ?? []), r]);
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
export function medianFromHistogram(rows: Row[]): number | null {
  const buckets = rows
    .map((r) => ({ bucket: Number(r['bucket']), n: Number(r['n']) }))
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
