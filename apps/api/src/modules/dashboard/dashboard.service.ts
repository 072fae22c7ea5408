import { Injectable } from '@nestjs/common';
import { CASE_STATUSES, CaseLevel, CaseStatus, DashboardSummary } from '@taizhang/contracts';
import { ALL_SCOPE } from '@taizhang/db';
import { PENDING_STATUSES, SOLVED_STATUSES } from '@taizhang/domain';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { caseVisibility } from '../cases/jurisdiction';
import { SUBTREE } from '../enterprises/enterprises.service';

type Row = Record<string, unknown>;
type Counts = { total: number; solved: number; pending: number; overdue: number };

const COUNTS = `count(*)::int AS total,
  count(*) FILTER (WHERE c.status IN ('resolved','closed'))::int AS solved,
  count(*) FILTER (WHERE c.status IN ('open','in_progress','escalated'))::int AS pending,
  count(*) FILTER (WHERE c.overdue AND c.status IN ('open','in_progress','escalated'))::int AS overdue`;

/** Cases counted on the dashboard of unit $p: its town, county or city, or a unit that held the case. */
export const IN_SCOPE = (p: string) =>
  `(c.town_id = ${p} OR c.county_id = ${p} OR c.city_id = ${p} OR EXISTS (SELECT 1 FROM case_hops h WHERE h.case_id = c.id AND h.unit_id = ${p}))`;

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The manager's numbers. Read from counters kept in the same transaction as every case change
 * (`case_stats` + appended deltas, see libs/db case-store), never by scanning the ledger; the plain
 * GROUP BY (`naive`) is kept as the reference the counters must equal, and for instructors, whose
 * jurisdiction (their enterprises) is not a unit.
 */
@Injectable()
export class DashboardService {
  constructor(private readonly ds: DataSource) {}

  async summary(user: AuthUser, unitId?: string): Promise<DashboardSummary> {
    if (user.role === 'instructor') return this.naive(user, unitId);
    const scope = await this.scopeFor(user, unitId);
    if (!scope) return this.naive(user, unitId);
    return this.fromCounters(scope, unitId ?? user.unitId);
  }

  /**
   * The unit whose counters answer this caller (the one asked for, within reach, or the caller's own) and its
   * kind, in one query.
   */
  private async scopeFor(user: AuthUser, unitId?: string): Promise<{ id: string; kind: string | null } | null> {
    if (!unitId && user.role === 'admin') return { id: ALL_SCOPE, kind: null };
    const id = unitId ?? user.unitId;
    if (!id) return null;
    if (user.role !== 'admin' && unitId) {
      if (!user.unitId) throw new ApiError('REQUEST.NOT_FOUND', 'No unit with this id in your jurisdiction');
      const ok: Row[] = await this.ds.query(`SELECT u.kind FROM ${SUBTREE('$1')} s JOIN units u ON u.id = s.id WHERE s.id = $2`, [
        user.unitId,
        unitId,
      ]);
      if (!ok[0]) throw new ApiError('REQUEST.NOT_FOUND', 'No unit with this id in your jurisdiction');
      return { id, kind: ok[0]['kind'] as string };
    }
    const found: Row[] = await this.ds.query(`SELECT kind FROM units WHERE id = $1`, [id]);
    if (!found[0]) throw new ApiError('REQUEST.NOT_FOUND', unitId ? 'No unit with this id' : 'Your unit no longer exists');
    return { id, kind: found[0]['kind'] as string };
  }

  /**
   * Four queries at once, each on the counters of one unit (a few hundred rows) or of the towns under it,
   * with the median worked out in SQL (a city's histogram has thousands of buckets; two of them matter).
   */
  private async fromCounters(scope: { id: string; kind: string | null }, unitId: string | null): Promise<DashboardSummary> {
    const q = (sql: string, params: unknown[]) => this.ds.query(sql, params) as Promise<Row[]>;
    const towns = scope.id === ALL_SCOPE ? `u.kind = 'town'` : `u.kind = 'town' AND u.id IN ${SUBTREE('$1')}`;
    const [buckets, townRows, daily, median] = await Promise.all([
      q(
        `SELECT category_code, level, status, overdue, sum(n)::int AS n FROM (
           SELECT category_code, level, status, overdue, n FROM case_stats WHERE unit_id = $1
           UNION ALL SELECT category_code, level, status, overdue, n FROM case_stats_deltas WHERE unit_id = $1) x
         GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`,
        [scope.id],
      ),
      // byUnit: the towns under the scope, each from its own totals (a town's cases are all within it)
      q(
        `SELECT u.id, u.name, x.status, x.overdue, sum(x.n)::int AS n
           FROM units u JOIN (SELECT unit_id, status, overdue, n FROM case_unit_totals
                              UNION ALL SELECT unit_id, status, overdue, n FROM case_stats_deltas) x ON x.unit_id = u.id
          WHERE ${towns} GROUP BY 1, 2, 3, 4`,
        scope.id === ALL_SCOPE ? [] : [scope.id],
      ),
      q(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(opened)::int AS opened, sum(solved)::int AS solved FROM (
           SELECT day, opened, solved FROM case_daily_stats WHERE unit_id = $1 AND day > $2::date - 30
           UNION ALL SELECT day, opened, solved FROM case_daily_deltas WHERE unit_id = $1 AND day > $2::date - 30) x GROUP BY 1`,
        [scope.id, today()],
      ),
      q(
        `WITH h AS (SELECT bucket, sum(n) AS n FROM (
                      SELECT bucket, n FROM case_solve_hist WHERE unit_id = $1
                      UNION ALL SELECT bucket, n FROM case_solve_hist_deltas WHERE unit_id = $1) x
                    GROUP BY 1 HAVING sum(n) > 0),
              c AS (SELECT bucket, sum(n) OVER (ORDER BY bucket) AS seen, sum(n) OVER () AS total FROM h)
         SELECT (SELECT min(bucket) FROM c WHERE seen >= floor((total + 1) / 2)) AS lo,
                (SELECT min(bucket) FROM c WHERE seen >= floor(total / 2) + 1) AS hi`,
        [scope.id],
      ),
    ]);
    const units: Row[] = [];
    const byUnitCounts = new Map<string, Counts>();
    for (const [id, rows] of groupBy(townRows, 'id')) {
      units.push({ id, name: (rows[0] as Row)['name'] });
      byUnitCounts.set(id, tally(rows));
    }
    // a bureau has no towns under it: its cases by town come from the hops (its own cases only)
    if (scope.kind === 'bureau') {
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
    const m = median[0];
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
      medianHoursToSolve: m && m['lo'] != null ? medianOfBuckets(Number(m['lo']), Number(m['hi'])) : null,
    };
  }

  /** The plain GROUP BY over the ledger: the reference the counters must equal. */
  async naive(user: AuthUser, unitId?: string): Promise<DashboardSummary> {
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
  const base = Date.parse(`${new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)}T00:00:00Z`);
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
