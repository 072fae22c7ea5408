import type { CaseDto } from '@taizhang/contracts';
import ExcelJS from 'exceljs';
import { act, getCase, openCase, useWorld, binary } from './harness';

/** 今日清零: today's live figures, the cases behind each, and the workbook; frozen days untouched. */
describe('daily report: today', () => {
  const { api, http, w } = useWorld();

  const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const get = (path: string, token: string) => http.get(path).set('Authorization', `Bearer ${token}`);

  it('counts today live and drills down to the same cases', async () => {
    const opened = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        openCase(http, w.tokens.instructor, w.enterprise.id, { title: `今日问题 ${i}` }),
      ),
    );
    const [c0, c1, , , c4] = opened as [CaseDto, CaseDto, CaseDto, CaseDto, CaseDto];
    const coord = w.tokens.coordinator;
    // two answered (assigned), one of them solved; one opened two days ago and still open
    const a = await act(http, coord, c0, {
      action: 'assign',
      assigneeId: w.users['coordinator']?.id,
    });
    await act(http, coord, a.body, { action: 'resolve', resolution: '已解决' });
    await act(http, coord, await getCase(http, coord, c1.id), {
      action: 'assign',
      assigneeId: w.users['coordinator']?.id,
    });
    await api.ds.query(`UPDATE cases SET opened_at = now() - interval '50 hours' WHERE id = $1`, [c4.id]);
    // the dashboard's counters follow the cases again (the database is shared by the run's spec files: left
    // stale, another file's "counters equal a GROUP BY" check would count c4 as opened today)
    await api.ds.query(`SELECT rebuild_case_stats()`);

    const res = await get(`/api/daily-reports/today?unitId=${w.town.id}`, coord).expect(200);
    expect(res.body).toMatchObject({
      unitId: w.town.id,
      unitName: w.town.name,
      reportDate: today(),
      opened: 4,
      answered: 2,
      solved: 1,
      pending: 4,
      pendingOverDay: 1,
    });

    const ids = async (figure: string, date?: string) =>
      (
        await get(
          `/api/daily-reports/cases?unitId=${w.town.id}&figure=${figure}${date ? `&date=${date}` : ''}`,
          coord,
        ).expect(200)
      ).body.items
        .map((c: { id: string }) => c.id)
        .sort();
    expect(await ids('solved')).toEqual([c0.id]);
    expect(await ids('answered')).toEqual([c0.id, c1.id].sort());
    expect(await ids('pendingOverDay')).toEqual([c4.id]);
    expect((await ids('opened')).length).toBe(4);
    // the county sees the same cases; the other town's coordinator does not
    const county = await get(`/api/daily-reports/today?unitId=${w.county.id}`, w.tokens.manager).expect(200);
    expect(county.body.opened).toBeGreaterThanOrEqual(4);
    await get(`/api/daily-reports/today?unitId=${w.town.id}`, w.tokens.otherCoordinator).expect(404);
    await get(`/api/daily-reports/today`, w.tokens.officer).expect(403);
  });

  it('refuses a frozen figure of a past day, a future day and an unknown figure', async () => {
    const coord = w.tokens.coordinator;
    await get(`/api/daily-reports/cases?unitId=${w.town.id}&figure=pending&date=2026-01-02`, coord).expect(
      400,
    );
    await get(`/api/daily-reports/cases?unitId=${w.town.id}&figure=opened&date=2999-01-01`, coord).expect(
      400,
    );
    await get(`/api/daily-reports/cases?unitId=${w.town.id}&figure=nope`, coord).expect(400);
    await get(`/api/daily-reports/cases?unitId=${w.town.id}&figure=opened&date=2026-01-02`, coord).expect(
      200,
    );
    await get(`/api/daily-reports/cases?unitId=${w.countyLabor.id}&figure=opened`, w.adminToken).expect(404);
  });

  it('exports today and the frozen days to Excel', async () => {
    const res = await get(`/api/daily-reports/export.xlsx?unitId=${w.town.id}`, w.tokens.coordinator)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const sheet = wb.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).value).toBe('日期');
    expect(sheet?.getRow(2).getCell(1).value).toBe(today());
    expect(sheet?.getRow(2).getCell(3).value).toBe(4);
  });
});
