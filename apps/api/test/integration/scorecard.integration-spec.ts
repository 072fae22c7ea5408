import { compactCaseStats, readScorecard, scorecardByGroupBy } from '@taizhang/db';

import ExcelJS from 'exceljs';
import { act, getCase, openCaseMix, townWork, useWorld, binary } from './harness';

/**
 * The scorecard (考核排名) and the summary's rates are read from per-unit per-day counters kept in the write
 * path: they must equal a plain GROUP BY over cases, hops and events, for any range of days, before and after
 * the worker folds the deltas.
 */
describe('scorecard', () => {
  const { api, http, w } = useWorld({ foldAfterEach: true });

  const day = (offset: number) =>
    new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
  const units = () => [w.town.id, w.otherTown.id, w.countyLabor.id, w.cityLabor.id, w.county.id, w.city.id];
  const ranges = () => [
    { from: null, to: null },
    { from: day(-3), to: day(0) },
    { from: day(-10), to: day(-5) },
    { from: day(0), to: day(0) },
    { from: day(-6), to: null },
    // across month ends (whole months are read from case_unit_months, the rest from the days)
    { from: day(-45), to: day(-20) },
    { from: day(-75), to: day(0) },
    { from: null, to: day(-31) },
  ];

  async function expectCountersEqualGroupBy() {
    for (const range of ranges()) {
      const fast = await readScorecard(api.ds, units(), range);
      const slow = await scorecardByGroupBy(api.ds, units(), range);
      expect({ range, rows: fast }).toEqual({ range, rows: slow });
    }
  }

  it('equals a GROUP BY for every range, under concurrent changes, before and after compaction', async () => {
    const opened = await openCaseMix(http, w, '考核问题');
    // spread the openings over the last two weeks (a bulk load, then recounted as after one)
    await api.ds.query(
      `UPDATE cases SET opened_at = opened_at - (x.k || ' days')::interval
         FROM unnest($1::uuid[], $2::int[]) AS x(id, k) WHERE cases.id = x.id`,
      [opened.map((c) => c.id), opened.map((_, i) => i % 12)],
    );
    await api.ds.query(`SELECT rebuild_case_stats()`);
    await expectCountersEqualGroupBy();

    const mine = opened.filter((_, i) => i % 3 !== 2);
    await Promise.all(
      mine.map(async (c0, i) =>
        townWork(http, api.ds, w, await getCase(http, w.tokens.coordinator, c0.id), i),
      ),
    );
    await expectCountersEqualGroupBy();
    await api.ds.transaction((m) => compactCaseStats(m));
    await expectCountersEqualGroupBy();

    const now = await Promise.all(mine.map((c) => getCase(http, w.tokens.instructor, c.id)));
    await Promise.all([
      ...now
        .filter((c) => c.status === 'escalated')
        .map(async (c, i) => {
          const u = await act(http, w.tokens.manager, c, { action: 'urge', reason: '请尽快办理' });
          const acc = await act(http, w.tokens.officer, u.status === 200 ? u.body : c, { action: 'accept' });
          if (i % 2 === 0)
            await act(http, w.tokens.officer, acc.body, { action: 'resolve', resolution: '部门已解决' });
          else await act(http, w.tokens.officer, acc.body, { action: 'return', reason: '不属本部门' });
        }),
      ...now
        .filter((c) => c.status === 'resolved')
        .map((c, i) =>
          act(
            http,
            w.tokens.instructor,
            c,
            i % 2
              ? { action: 'confirm', rating: i % 4 === 1 ? 5 : 2, comment: '评价' }
              : { action: 'reopen', reason: '未彻底解决' },
          ),
        ),
    ]);
    await expectCountersEqualGroupBy();
    // the ratings the confirmations wrote are counted the same after a recount from the ledger
    expect(
      Number((await api.ds.query(`SELECT count(*) AS n FROM cases WHERE rating IS NOT NULL`))[0].n),
    ).toBeGreaterThan(0);
    await api.ds.query(`SELECT rebuild_case_stats()`);
    await expectCountersEqualGroupBy();
    const [all] = await scorecardByGroupBy(api.ds, [w.county.id], { from: null, to: null });
    expect(all?.received).toBe(24);
    expect(all?.resolved).toBeGreaterThan(0);
    expect(all?.cancelled).toBeGreaterThan(0);
    const [town] = await readScorecard(api.ds, [w.town.id], { from: null, to: null });
    expect(town?.received).toBe(16);
  });

  it('equals a GROUP BY with cases opened over several months (whole months and partial ones)', async () => {
    const saved: { id: string; opened_at: Date }[] = await api.ds.query(
      `SELECT id, opened_at FROM cases ORDER BY ledger_no`,
    );
    try {
      await api.ds.query(
        `UPDATE cases c SET opened_at = c.opened_at - make_interval(days => x.d)
           FROM unnest($1::uuid[], $2::int[]) AS x(id, d) WHERE c.id = x.id`,
        [saved.map((r) => r.id), saved.map((_, i) => (i * 7) % 90)],
      );
      await api.ds.query(`SELECT rebuild_case_stats()`);
      const months: { n: number }[] = await api.ds.query(
        `SELECT count(DISTINCT month)::int AS n FROM case_unit_months`,
      );
      expect(months[0]?.n).toBeGreaterThan(2);
      await expectCountersEqualGroupBy();
    } finally {
      await api.ds.query(
        `UPDATE cases c SET opened_at = x.o FROM unnest($1::uuid[], $2::timestamptz[]) AS x(id, o) WHERE c.id = x.id`,
        [saved.map((r) => r.id), saved.map((r) => r.opened_at)],
      );
      await api.ds.query(`SELECT rebuild_case_stats()`);
    }
  });

  it('reads the median hours to resolve from buckets, within a bucket (a factor √2) of the exact median', async () => {
    // spread the resolved cases over hours to days (restored after: the rows must stay the fold of their events)
    const saved: { id: string; resolved_at: Date }[] = await api.ds.query(
      `SELECT id, resolved_at FROM cases WHERE status IN ('resolved', 'closed') AND resolved_at IS NOT NULL ORDER BY ledger_no`,
    );
    expect(saved.length).toBeGreaterThan(2);
    const hours = [0.4, 3, 7.5, 20, 47, 130, 400, 1.2, 11, 90];
    try {
      await api.ds.query(
        `UPDATE cases c SET resolved_at = c.opened_at + make_interval(secs => x.h * 3600)
           FROM unnest($1::uuid[], $2::float8[]) AS x(id, h) WHERE c.id = x.id`,
        [saved.map((r) => r.id), saved.map((_, i) => hours[i % hours.length])],
      );
      await api.ds.query(`SELECT rebuild_case_stats()`);
      await expectCountersEqualGroupBy();
      const exact: { unit_id: string; median: number }[] = await api.ds.query(
        `SELECT unit_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - opened_at) / 3600) AS median
           FROM cases WHERE status IN ('resolved', 'closed') AND resolved_at IS NOT NULL GROUP BY 1`,
      );
      const res = await http
        .get(`/api/dashboard/scorecard?unitId=${w.county.id}`)
        .set('Authorization', `Bearer ${w.tokens.manager}`)
        .expect(200);
      const got = new Map(
        (res.body.items as { unitId: string; medianHoursToResolve: number | null }[]).map((r) => [
          r.unitId,
          r.medianHoursToResolve,
        ]),
      );
      const checked = exact.filter((e) => got.has(e.unit_id));
      expect(checked.length).toBeGreaterThan(0);
      for (const e of checked) {
        const m = got.get(e.unit_id) as number;
        const want = Number(e.median);
        const ok =
          Math.abs(m - want) <= 1.05 || (m <= want * Math.SQRT2 + 0.05 && m >= want / Math.SQRT2 - 0.05);
        expect({ unit: e.unit_id, want, m, ok }).toEqual({ unit: e.unit_id, want, m, ok: true });
      }
      expect(checked.some((e) => Number(e.median) > 2)).toBe(true);
    } finally {
      await api.ds.query(
        `UPDATE cases c SET resolved_at = x.r FROM unnest($1::uuid[], $2::timestamptz[]) AS x(id, r) WHERE c.id = x.id`,
        [saved.map((r) => r.id), saved.map((r) => r.resolved_at)],
      );
      await api.ds.query(`SELECT rebuild_case_stats()`);
    }
  });

  it('GET /api/dashboard/scorecard: one row per town and bureau, rates, 404 and 400', async () => {
    const res = await http
      .get(`/api/dashboard/scorecard?from=${day(-30)}&to=${day(0)}`)
      .set('Authorization', `Bearer ${w.tokens.manager}`)
      .expect(200);
    const ids = (res.body.items as { unitId: string }[]).map((r) => r.unitId).sort();
    expect(ids).toHaveLength(4); // the two towns, the county's labor and transport bureaus
    expect(ids).toEqual(expect.arrayContaining([w.town.id, w.otherTown.id, w.countyLabor.id]));
    const town = res.body.items.find((r: { unitId: string }) => r.unitId === w.town.id);
    expect(town.received).toBe(16);
    expect(town.resolved + town.cancelled + town.pending).toBe(town.received);
    expect(town.rates.resolved).toBeCloseTo(town.resolved / (town.received - town.cancelled), 3);
    const bureau = res.body.items.find((r: { unitId: string }) => r.unitId === w.countyLabor.id);
    expect(bureau.urged).toBeGreaterThan(0);
    expect(bureau.returned).toBeGreaterThan(0);
    await http
      .get(`/api/dashboard/scorecard?unitId=${w.city.id}`)
      .set('Authorization', `Bearer ${w.tokens.manager}`)
      .expect(404);
    await http
      .get(`/api/dashboard/scorecard?from=2026-02-30`)
      .set('Authorization', `Bearer ${w.tokens.manager}`)
      .expect(400);
    await http
      .get(`/api/dashboard/scorecard?from=${day(0)}&to=${day(-1)}`)
      .set('Authorization', `Bearer ${w.tokens.manager}`)
      .expect(400);
    await http
      .get(`/api/dashboard/scorecard`)
      .set('Authorization', `Bearer ${w.tokens.instructor}`)
      .expect(403);
    const city = await http
      .get(`/api/dashboard/scorecard?unitId=${w.city.id}`)
      .set('Authorization', `Bearer ${w.adminToken}`)
      .expect(200);
    expect(city.body.items.map((r: { unitId: string }) => r.unitId)).toEqual(
      expect.arrayContaining([w.cityLabor.id, w.town.id]),
    );
  });

  it('the summary counts cancelled cases and gives rates for a range', async () => {
    const res = await http
      .get(`/api/dashboard/summary?unitId=${w.county.id}&from=${day(-30)}&to=${day(0)}`)
      .set('Authorization', `Bearer ${w.tokens.manager}`)
      .expect(200);
    const s = res.body;
    expect(s.cancelled).toBeGreaterThan(0);
    expect(s.solved + s.pending + s.cancelled).toBe(s.total);
    expect(s.range).toEqual({ from: day(-30), to: day(0) });
    expect(s.period.received).toBe(24);
    expect(s.rates.resolved).toBeCloseTo(s.period.resolved / (s.period.received - s.period.cancelled), 3);
    expect(s.rates.satisfaction).toBeCloseTo(
      (
        await api.ds.query(
          `SELECT (count(*) FILTER (WHERE rating >= 4))::float / count(*) AS x FROM cases WHERE county_id = $1 AND rating IS NOT NULL`,
          [w.county.id],
        )
      )[0].x,
      3,
    );
    expect(s.period.avgRating).toBeGreaterThanOrEqual(1);
    const today = await http
      .get(`/api/dashboard/summary?unitId=${w.county.id}&from=${day(1)}`)
      .set('Authorization', `Bearer ${w.tokens.manager}`)
      .expect(200);
    expect(today.body.period.received).toBe(0);
    expect(today.body.rates).toEqual({ resolved: null, onTime: null, satisfaction: null });
    // an instructor's summary comes from a GROUP BY over his enterprises' cases
    const inst = await http
      .get(`/api/dashboard/summary`)
      .set('Authorization', `Bearer ${w.tokens.instructor}`)
      .expect(200);
    expect(inst.body.period.received).toBe(16);
  });

  it('exports the scorecard to Excel', async () => {
    const res = await http
      .get(`/api/dashboard/scorecard.xlsx?from=${day(-30)}&to=${day(0)}`)
      .set('Authorization', `Bearer ${w.tokens.manager}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const sheet = wb.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).value).toBe('单位');
    expect(sheet?.rowCount).toBe(5);
    const names = [2, 3, 4].map((i) => sheet?.getRow(i).getCell(1).value);
    expect(names).toContain(w.town.name);
  });
});
