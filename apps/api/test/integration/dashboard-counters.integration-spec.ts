import { ALL_SCOPE, compactCaseStats } from '@taizhang/db';
import type { CaseDto } from '@taizhang/contracts';
import { AuthUser } from '../../src/core/auth';
import { BaseSummary, DashboardService } from '../../src/modules/dashboard/dashboard.service';
import { act, getCase, openCase, openCaseMix, townWork, useWorld } from './harness';

/**
 * The dashboard is read from counters kept in the write path; they must equal a plain GROUP BY over the
 * ledger exactly — for every scope (all, city, county, town, bureau), also after concurrent changes, and
 * before and after the worker folds the deltas.
 */
describe('dashboard counters', () => {
  let dashboard: DashboardService;
  const admin: AuthUser = {
    id: '00000000-0000-0000-0000-000000000001',
    username: 'admin',
    role: 'admin',
    unitId: null,
  };

  const { api, http, w } = useWorld({ foldAfterEach: true });
  beforeAll(async () => {
    dashboard = api.app.get(DashboardService);
  });

  // the case counts (the summary's resumption block is checked in visits.integration-spec.ts)
  const strip = ({
    resumption: _resumption,
    ...s
  }: Partial<Pick<BaseSummary, 'resumption'>> & Omit<BaseSummary, 'resumption'>) => ({
    ...s,
    byCategory: [...s.byCategory].sort((a, b) => a.categoryCode.localeCompare(b.categoryCode)),
    byUnit: [...s.byUnit].sort((a, b) => a.unitId.localeCompare(b.unitId)),
  });

  async function expectCountersEqualGroupBy() {
    const scopes = [
      undefined,
      w.city.id,
      w.county.id,
      w.town.id,
      w.otherTown.id,
      w.countyLabor.id,
      w.cityLabor.id,
    ];
    for (const unitId of scopes) {
      const fast = await dashboard.summary(admin, unitId);
      const naive = await dashboard.naive(admin, unitId);
      expect({ scope: unitId ?? 'all', ...strip(fast) }).toEqual({ scope: unitId ?? 'all', ...strip(naive) });
    }
  }

  async function fresh(token: string, c: Pick<CaseDto, 'id'>): Promise<CaseDto> {
    return getCase(http, token, c.id);
  }

  it('equal a plain GROUP BY after many concurrent changes, before and after compaction', async () => {
    const opened = await openCaseMix(http, w, '并发问题');
    await expectCountersEqualGroupBy();
    const mine = opened.filter((_, i) => i % 3 !== 2);
    // town work, concurrently: assign+resolve, escalate, cancel, overdue
    await Promise.all(mine.map((c, i) => townWork(http, api.ds, w, c, i)));
    await expectCountersEqualGroupBy();
    await api.ds.transaction((m) => compactCaseStats(m));
    await expectCountersEqualGroupBy();
    // bureau work and the enterprise's answer, concurrently with new openings
    const escalated = await Promise.all(mine.map((c) => fresh(w.tokens.instructor, c)));
    await Promise.all([
      ...escalated
        .filter((c) => c.status === 'escalated')
        .map(async (c, i) => {
          const acc = await act(http, w.tokens.officer, c, { action: 'accept' });
          if (i % 2 === 0)
            await act(http, w.tokens.officer, acc.body, { action: 'escalate', reason: '需市级协调' });
          else await act(http, w.tokens.officer, acc.body, { action: 'return', reason: '不属本部门' });
        }),
      ...escalated
        .filter((c) => c.status === 'resolved')
        .map((c, i) =>
          act(
            http,
            w.tokens.instructor,
            c,
            i % 2 ? { action: 'confirm', rating: 5 } : { action: 'reopen', reason: '未彻底解决' },
          ),
        ),
      ...Array.from({ length: 6 }, (_, i) =>
        openCase(http, w.tokens.instructor, w.enterprise.id, { title: `再登记 ${i}` }),
      ),
    ]);
    await expectCountersEqualGroupBy();
    await api.ds.transaction((m) => compactCaseStats(m));
    await expectCountersEqualGroupBy();
    const all = await dashboard.summary(admin);
    expect(all.total).toBeGreaterThanOrEqual(30);
  });

  it('ledger list totals read from the counters equal a count over the ledger, for every role that gets them', async () => {
    const visible = {
      admin: 'TRUE',
      coordinator: `c.town_id = '${w.town.id}'`,
      manager: `c.county_id = '${w.county.id}'`,
      officer: `EXISTS (SELECT 1 FROM case_hops h WHERE h.case_id = c.id AND h.unit_id = '${w.countyLabor.id}')`,
    };
    const tokens = {
      admin: w.adminToken,
      coordinator: w.tokens.coordinator,
      manager: w.tokens.manager,
      officer: w.tokens.officer,
    };
    const filters: [string, string][] = [
      ['', 'TRUE'],
      ['status=open,in_progress,escalated', `c.status IN ('open','in_progress','escalated')`],
      ['category=labor&status=closed', `c.category_code = 'labor' AND c.status = 'closed'`],
      ['overdue=true', 'c.overdue'],
      ['level=1&overdue=false', 'c.level = 1 AND NOT c.overdue'],
      [`unitId=${w.town.id}`, `c.town_id = '${w.town.id}'`],
      [`unitId=${w.county.id}&status=cancelled`, `c.county_id = '${w.county.id}' AND c.status = 'cancelled'`],
    ];
    let checked = 0;
    for (const [role, token] of Object.entries(tokens)) {
      for (const [qs, cond] of filters) {
        const res = await http.get(`/api/cases?${qs}`).set('Authorization', `Bearer ${token}`);
        if (res.status === 404) continue; // a unit outside this role's jurisdiction
        expect(res.status).toBe(200);
        const [{ n }] = await api.ds.query(
          `SELECT count(*)::int AS n FROM cases c WHERE ${visible[role as keyof typeof visible]} AND ${cond}`,
        );
        expect({ role, qs, total: res.body.total }).toEqual({ role, qs, total: n });
        checked += n > 0 ? 1 : 0;
      }
    }
    expect(checked).toBeGreaterThan(10); // most combinations hold cases, so the equalities say something
    // a cursor page answers the exact total too when the counters can give it
    const first = await http
      .get('/api/cases?pageSize=5')
      .set('Authorization', `Bearer ${w.adminToken}`)
      .expect(200);
    const next = await http
      .get(`/api/cases?pageSize=5&cursor=${first.body.nextCursor}`)
      .set('Authorization', `Bearer ${w.adminToken}`)
      .expect(200);
    expect(next.body.total).toBe(first.body.total);
    expect(next.body.totalEstimated).toBeUndefined();
  });

  it('rebuild_case_stats() recomputes the same counts from the ledger', async () => {
    const before = await dashboard.summary(admin, w.county.id);
    await api.ds.query(`SELECT rebuild_case_stats()`);
    expect(strip(await dashboard.summary(admin, w.county.id))).toEqual(strip(before));
    const [{ n }] = await api.ds.query(`SELECT count(*)::int AS n FROM case_stats WHERE unit_id = $1`, [
      ALL_SCOPE,
    ]);
    expect(n).toBeGreaterThan(0);
  });

  it('refuses a unit outside the caller\u2019s jurisdiction with 404', async () => {
    const res = await http
      .get(`/api/dashboard/summary?unitId=${w.otherTown.id}`)
      .set('Authorization', `Bearer ${w.tokens.coordinator}`)
      .expect(404);
    expect(res.body.code).toBe('REQUEST.NOT_FOUND');
    await http
      .get(`/api/dashboard/summary?unitId=${w.town.id}`)
      .set('Authorization', `Bearer ${w.tokens.manager}`)
      .expect(200);
  });

  it('refuses the nil UUID (the counters\u2019 ALL scope, not a unit) with 404 for every role, never a 5xx', async () => {
    const tokens = { admin: w.adminToken, ...w.tokens };
    for (const role of ['admin', 'manager', 'coordinator', 'officer', 'instructor'] as const) {
      const res = await http
        .get(`/api/dashboard/summary?unitId=${ALL_SCOPE}`)
        .set('Authorization', `Bearer ${tokens[role]}`);
      expect({ role, status: res.status, code: res.body.code }).toEqual({
        role,
        status: 404,
        code: 'REQUEST.NOT_FOUND',
      });
    }
  });
});
