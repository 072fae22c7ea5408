import type {
  CalendarDayDto,
  CaseDto,
  DailyReportDto,
  DeadlinePolicyDto,
  UnitDto,
  WorkCalendarDto,
} from '@taizhang/contracts';
import { freezeDailyReports } from '@taizhang/db';
import { EMPTY_CALENDAR, addLocalDays, computeDeadlines, shanghaiDate, weekdayOf } from '@taizhang/domain';
import {
  World,
  actOk,
  bearer,
  buildWorld,
  expectProblem,
  markCaseOverdue,
  openCase,
  useWorld,
} from './harness';

describe('working-time calendar and daily reports', () => {
  let original: CalendarDayDto[];
  const { api, http, w } = useWorld({
    // leave the calendar as the migration seeded it: other suites compute deadlines against it
    beforeClose: (s) =>
      s.http.put('/api/calendar').set(bearer(s.w.adminToken)).send({ days: original }).expect(200),
  });
  beforeAll(async () => {
    original = (
      (await http.get('/api/calendar').set(bearer(w.adminToken)).expect(200)).body as WorkCalendarDto
    ).days;
  });

  const step = (token: string, c: CaseDto, body: Record<string, unknown>) => actOk(http, token, c, body);

  describe('GET /api/calendar', () => {
    it('answers holidays and make-up workdays with names to everyone signed in (2026 seeded)', async () => {
      const res = await http.get('/api/calendar').set(bearer(w.tokens.instructor)).expect(200);
      const cal = res.body as WorkCalendarDto;
      expect(cal.holidays).toContain('2026-10-01');
      expect(cal.makeupWorkdays).toContain('2026-10-10');
      expect(cal.days).toEqual(
        expect.arrayContaining([{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }]),
      );
      expect(cal.holidays).not.toContain('2026-10-03'); // a Saturday inside the holiday is not listed
    });
  });

  describe('PUT /api/calendar', () => {
    it('is for admins only (403) and changes nothing', async () => {
      expectProblem(
        await http.put('/api/calendar').set(bearer(w.tokens.manager)).send({ days: [] }),
        403,
        'AUTH.FORBIDDEN',
      );
      expect(
        ((await http.get('/api/calendar').set(bearer(w.adminToken))).body as WorkCalendarDto).days,
      ).toEqual(original);
    });

    it.each([
      [[{ date: '2026-10-03', kind: 'holiday', name: '国庆节' }], 'days.0.kind', /Saturday or Sunday/],
      [[{ date: '2026-10-09', kind: 'workday', name: '调休' }], 'days.0.kind', /weekday/],
      [[{ date: '2026-02-30', kind: 'holiday', name: 'x' }], 'days.0.date', /not a date/],
      [[{ date: '2026/10/01', kind: 'holiday', name: 'x' }], 'days.0.date', /YYYY-MM-DD/],
      [[{ date: '2026-10-01', kind: 'rest', name: 'x' }], 'days.0.kind', /holiday or workday/],
      [[{ date: '2026-10-01', kind: 'holiday', name: ' ' }], 'days.0.name', /blank/],
      [
        [
          { date: '2026-10-01', kind: 'holiday', name: 'a' },
          { date: '2026-10-01', kind: 'holiday', name: 'b' },
        ],
        'days.1.date',
        /twice/,
      ],
    ])('refuses %j with 400 naming %s, and changes nothing', async (days, field, message) => {
      const res = await http.put('/api/calendar').set(bearer(w.adminToken)).send({ days });
      expectProblem(res, 400, 'REQUEST.INVALID');
      const errors = res.body.errors as { field: string; message: string }[];
      const e = errors.find((x) => x.field === field);
      expect(e?.message).toMatch(message);
      expect(
        ((await http.get('/api/calendar').set(bearer(w.adminToken))).body as WorkCalendarDto).days,
      ).toEqual(original);
    });

    it('refuses a body without days', async () => {
      expectProblem(
        await http.put('/api/calendar').set(bearer(w.adminToken)).send({}),
        400,
        'REQUEST.INVALID',
        ['days'],
      );
    });

    it("replaces the calendar, and a holiday moves a bureau's resolve-by (working time); the town's plain-time deadlines do not move", async () => {
      const policies = (await http.get('/api/deadline-policies').set(bearer(w.adminToken)).expect(200))
        .body as DeadlinePolicyDto[];
      const bureau = policies.find((p) => p.level === 1 && p.priority === 'normal') as DeadlinePolicyDto;
      const town = policies.find((p) => p.level === 0 && p.priority === 'normal') as DeadlinePolicyDto;
      expect(bureau.workingTime).toBe(true);
      const escalatedAt = (c: CaseDto) =>
        new Date((c.events ?? []).filter((e) => e.type === 'escalate').pop()?.at as string);

      // the next two weekdays (Asia/Shanghai) become holidays
      const today = shanghaiDate(new Date());
      const next: string[] = [];
      for (let d = 1; next.length < 2; d++) {
        const day = addLocalDays(today, d);
        if (weekdayOf(day) >= 1 && weekdayOf(day) <= 5 && !original.some((o) => o.date === day))
          next.push(day);
      }
      const days = [
        ...original,
        ...next.map((date) => ({ date, kind: 'holiday' as const, name: '测试假日' })),
      ];
      const put = await http.put('/api/calendar').set(bearer(w.adminToken)).send({ days }).expect(200);
      expect((put.body as WorkCalendarDto).holidays).toEqual(expect.arrayContaining(next));

      const opened = await openCase(http, w.tokens.instructor, w.enterprise.id);
      const plain = computeDeadlines(new Date(opened.openedAt), town, EMPTY_CALENDAR);
      expect(opened.resolveBy).toBe(plain.resolveBy.toISOString());

      await step(w.tokens.coordinator, opened, { action: 'escalate', reason: '本镇无法解决' });
      const c = (await http.get(`/api/cases/${opened.id}`).set(bearer(w.adminToken)).expect(200))
        .body as CaseDto;
      const at = escalatedAt(c);
      const calendar = {
        holidays: (put.body as WorkCalendarDto).holidays,
        makeupWorkdays: (put.body as WorkCalendarDto).makeupWorkdays,
      };
      const withHolidays = computeDeadlines(at, bureau, calendar);
      const without = computeDeadlines(at, bureau, {
        holidays: calendar.holidays.filter((d) => !next.includes(d)),
        makeupWorkdays: calendar.makeupWorkdays,
      });
      expect(c.resolveBy).toBe(withHolidays.resolveBy.toISOString());
      // two working days skipped: at least two calendar days later than without them
      expect(new Date(c.resolveBy as string).getTime() - without.resolveBy.getTime()).toBeGreaterThanOrEqual(
        2 * 24 * 3600_000,
      );

      await http.put('/api/calendar').set(bearer(w.adminToken)).send({ days: original }).expect(200);
    });
  });

  describe('daily reports (每日清零)', () => {
    let rw: World;
    let today: string;
    let cases: CaseDto[];

    beforeAll(async () => {
      rw = await buildWorld(http); // a world of its own: its units' figures are exactly these cases
      today = shanghaiDate(new Date());
      cases = [];
      for (let i = 0; i < 3; i++) cases.push(await openCase(http, rw.tokens.instructor, rw.enterprise.id));
      const [open, assigned, solved] = cases as [CaseDto, CaseDto, CaseDto];
      void open; // stays open and unassigned: at the cut-off (midnight) its respond-by (问题不过夜) has passed
      const a = await step(rw.tokens.coordinator, assigned, {
        action: 'assign',
        assigneeId: (rw.users['coordinator2'] as { id: string }).id,
      });
      await markCaseOverdue(api.ds, a.id); // the worker would do this at a missed deadline
      const s = await step(rw.tokens.coordinator, solved, {
        action: 'assign',
        assigneeId: (rw.users['coordinator'] as { id: string }).id,
      });
      await step(rw.tokens.coordinator, s, { action: 'resolve', resolution: '已协调' });
      await freezeDailyReports(api.ds, today);
    });

    const get = (token: string, query: string) => http.get(`/api/daily-reports${query}`).set(bearer(token));

    it('freezes opened, solved, pending and overdue for the town, its county and city', async () => {
      // the open, unassigned case is overdue at the cut-off when its respond-by (end of day by default) has passed by then
      const overdue =
        1 +
        (new Date(cases[0].respondBy as string) < new Date(`${addLocalDays(today, 1)}T00:00:00+08:00`)
          ? 1
          : 0);
      const res = await get(rw.tokens.manager, `?from=${today}&to=${today}`).expect(200);
      const rows = res.body.items as DailyReportDto[];
      const figures = (unitId: string) => {
        const r = rows.find((x) => x.unitId === unitId);
        return r && { opened: r.opened, solved: r.solved, pending: r.pending, overdue: r.overdue };
      };
      expect(figures(rw.town.id)).toEqual({ opened: 3, solved: 1, pending: 2, overdue });
      expect(figures(rw.county.id)).toEqual({ opened: 3, solved: 1, pending: 2, overdue });
      expect(figures(rw.otherTown.id)).toEqual({ opened: 0, solved: 0, pending: 0, overdue: 0 });
      expect(rows.find((x) => x.unitId === rw.town.id)).toMatchObject({
        unitName: rw.town.name,
        unitKind: 'town',
        reportDate: today,
        frozenAt: expect.any(String),
      });
      const city = (await get(rw.adminToken, `?unitId=${rw.city.id}&from=${today}&to=${today}`).expect(200))
        .body.items as DailyReportDto[];
      expect(city).toEqual([
        expect.objectContaining({ unitId: rw.city.id, opened: 3, solved: 1, pending: 2, overdue }),
      ]);
    });

    it('never moves once frozen: later changes and a second freeze leave the figures alone', async () => {
      const before = (
        await get(rw.tokens.manager, `?unitId=${rw.town.id}&from=${today}&to=${today}`).expect(200)
      ).body.items as DailyReportDto[];
      const [open] = cases as [CaseDto];
      await step(rw.tokens.coordinator, open, {
        action: 'assign',
        assigneeId: (rw.users['coordinator'] as { id: string }).id,
      });
      await openCase(http, rw.tokens.instructor, rw.enterprise.id);
      expect(await freezeDailyReports(api.ds, today)).toBe(0);
      const after = (
        await get(rw.tokens.manager, `?unitId=${rw.town.id}&from=${today}&to=${today}`).expect(200)
      ).body.items as DailyReportDto[];
      expect(after).toEqual(before);
      expect(before[0]).toMatchObject({ opened: 3, pending: 2 });
    });

    it('a town added after the day was frozen gets its row at the next freeze; the frozen rows stay', async () => {
      // the county manager's view: his county and its towns (this world's own, one page)
      const before = (await get(rw.tokens.manager, `?from=${today}&to=${today}`).expect(200)).body
        .items as DailyReportDto[];
      const town = (
        await http
          .post('/api/units')
          .set(bearer(rw.adminToken))
          .send({ code: `LT${rw.tag}`, name: `后设镇${rw.tag}`, kind: 'town', parentId: rw.county.id })
          .expect(201)
      ).body as UnitDto;
      expect(before.find((r) => r.unitId === town.id)).toBeUndefined();
      expect(await freezeDailyReports(api.ds, today)).toBeGreaterThanOrEqual(1);
      const after = (await get(rw.tokens.manager, `?from=${today}&to=${today}`).expect(200)).body
        .items as DailyReportDto[];
      expect(after.find((r) => r.unitId === town.id)).toMatchObject({
        opened: 0,
        solved: 0,
        pending: 0,
        overdue: 0,
      });
      // every row frozen before is there, unchanged
      for (const r of before) expect(after).toContainEqual(r);
    });

    it('scopes by jurisdiction: a manager his unit and below, a coordinator his town, an admin everything', async () => {
      const units = async (token: string) =>
        ((await get(token, `?from=${today}&to=${today}`).expect(200)).body.items as DailyReportDto[])
          .map((r) => r.unitId)
          .filter((u) => [rw.city.id, rw.county.id, rw.town.id, rw.otherTown.id].includes(u))
          .sort();
      expect(await units(rw.tokens.manager)).toEqual([rw.county.id, rw.town.id, rw.otherTown.id].sort());
      expect(await units(rw.tokens.coordinator)).toEqual([rw.town.id]);
      expect(await units(rw.tokens.otherManager)).toEqual([rw.otherTown.id]);
      expect(await units(rw.adminToken)).toEqual(
        [rw.city.id, rw.county.id, rw.town.id, rw.otherTown.id].sort(),
      );
      // a unit outside the jurisdiction is a 404, as if it did not exist
      expectProblem(await get(rw.tokens.manager, `?unitId=${rw.city.id}`), 404);
      expectProblem(await get(rw.tokens.otherManager, `?unitId=${rw.town.id}`), 404);
      expectProblem(await get(rw.tokens.coordinator, `?unitId=${w.town.id}`), 404);
      expectProblem(await get(rw.adminToken, `?unitId=${rw.countyLabor.id}`), 404); // bureaus have no daily report
    });

    it('is not for instructors or bureau officers (403)', async () => {
      expectProblem(await get(rw.tokens.instructor, ''), 403, 'AUTH.FORBIDDEN');
      expectProblem(await get(rw.tokens.officer, ''), 403, 'AUTH.FORBIDDEN');
    });

    it('defaults to the 31 days up to yesterday', async () => {
      const rows = (await get(rw.tokens.coordinator, '').expect(200)).body.items as DailyReportDto[];
      const yesterday = addLocalDays(today, -1);
      for (const r of rows) {
        expect(r.reportDate <= yesterday).toBe(true);
        expect(r.reportDate >= addLocalDays(yesterday, -30)).toBe(true);
      }
    });

    it.each([
      ['?from=2026-13-01', 'from'],
      ['?to=2026-02-30', 'to'],
      ['?from=yesterday', 'from'],
      ['?from=2026-11-10&to=2026-11-01', 'from'],
      ['?from=2024-01-01&to=2026-11-01', 'from'],
      ['?unitId=abc', 'unitId'],
    ])('refuses %s with 400 naming %s', async (query, field) => {
      expectProblem(await get(rw.tokens.manager, query), 400, 'REQUEST.INVALID', [field]);
    });
  });
});
