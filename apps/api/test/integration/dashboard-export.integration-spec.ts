import type { CaseDto, DashboardSummary } from '@taizhang/contracts';
import { CASE_STATUSES, CaseStatus } from '@taizhang/domain';
import { LEDGER_WORKBOOK_HEADER } from '@taizhang/testing';
import ExcelJS from 'exceljs';
import {
  actOk,
  bearer,
  expectProblem,
  getCase,
  markCaseOverdue,
  openCase,
  useWorld,
  binary,
} from './harness';

type Counts = { total: number; solved: number; pending: number; overdue: number };
const SOLVED: CaseStatus[] = ['resolved', 'closed'];
const PENDING: CaseStatus[] = ['open', 'in_progress', 'escalated'];

/**
 * The dashboard and the Excel ledger against the same world of ten cases A–J: every count must be what a
 * plain GROUP BY over the cases the caller may see gives, and the workbook must list exactly those cases.
 */
describe('dashboard and export', () => {
  const cases: Record<string, CaseDto> = {};

  const ok = (token: string, c: CaseDto, body: Record<string, unknown>) => actOk(http, token, c, body);

  const { api, http, w, id } = useWorld({ foldAfterEach: true });
  beforeAll(async () => {
    const I = w.tokens.instructor;
    const C = w.tokens.coordinator;
    const OI = w.tokens.otherInstructor;
    const OC = w.tokens.otherCoordinator;
    const O = w.tokens.officer;
    const open = (token: string, entId: string, title: string, categoryCode = 'labor') =>
      openCase(http, token, entId, { title, categoryCode });
    const escalate = (c: CaseDto, token = C) => ok(token, c, { action: 'escalate', reason: '上报' });

    cases['A'] = await open(I, w.enterprise.id, '缺工A');
    cases['B'] = await ok(C, await open(I, w.enterprise.id, '运输B', 'transport'), {
      action: 'assign',
      assigneeId: id('coordinator2'),
    });
    cases['C'] = await escalate(await open(I, w.enterprise.id, '招工C'));
    cases['D'] = await ok(
      w.tokens.cityOfficer,
      await escalate(
        await ok(O, await escalate(await open(I, w.enterprise.id, '人才D')), { action: 'accept' }),
        O,
      ),
      { action: 'accept' },
    );
    const e = await ok(C, await open(I, w.enterprise.id, '资金E', 'funding'), {
      action: 'assign',
      assigneeId: id('coordinator'),
    });
    cases['E'] = await ok(C, e, { action: 'resolve', resolution: '已放贷' });
    const f = await ok(
      O,
      await ok(O, await escalate(await open(I, w.enterprise.id, '用工F')), { action: 'accept' }),
      { action: 'resolve', resolution: '已招聘' },
    );
    cases['F'] = await ok(I, f, { action: 'confirm', rating: 5, comment: '招聘及时' });
    cases['G'] = await ok(I, await open(I, w.enterprise.id, '物资G', 'supplies'), {
      action: 'cancel',
      reason: '重复',
    });
    cases['H'] = await open(OI, w.otherEnterprise.id, '缺工H');
    const i = await ok(
      OC,
      await ok(OC, await open(OI, w.otherEnterprise.id, '销售I', 'sales'), {
        action: 'assign',
        assigneeId: id('otherCoordinator'),
      }),
      { action: 'resolve', resolution: '已对接' },
    );
    cases['I'] = await ok(OI, i, { action: 'confirm', rating: 2 });
    cases['J'] = await ok(
      O,
      await ok(O, await escalate(await open(OI, w.otherEnterprise.id, '社保J'), OC), { action: 'accept' }),
      { action: 'resolve', resolution: '已补贴' },
    );
    await markCaseOverdue(api.ds, cases['A'].id);
    await markCaseOverdue(api.ds, cases['C'].id, 'respond');
    await markCaseOverdue(api.ds, cases['H'].id);
  });

  const idsOf = (letters: string) => letters.split('').map((l) => cases[l].id);
  const allIds = async (): Promise<string[]> =>
    (await api.ds.query(`SELECT id FROM cases`)).map((r: { id: string }) => r.id);

  /** The summary a plain GROUP BY over these cases gives (the trend's last day only: all cases are from today). */
  async function plainSummary(ids: string[]) {
    const groups: {
      category_code: string;
      town_id: string;
      town_name: string;
      level: number;
      status: CaseStatus;
      overdue: boolean;
      n: number;
    }[] = await api.ds.query(
      `SELECT c.category_code, c.town_id, t.name AS town_name, c.level, c.status, c.overdue, count(*)::int AS n
         FROM cases c JOIN units t ON t.id = c.town_id WHERE c.id = ANY($1::uuid[])
        GROUP BY c.category_code, c.town_id, t.name, c.level, c.status, c.overdue`,
      [ids],
    );
    const zero = (): Counts => ({ total: 0, solved: 0, pending: 0, overdue: 0 });
    const add = (acc: Counts, g: (typeof groups)[number]) => {
      acc.total += g.n;
      if (SOLVED.includes(g.status)) acc.solved += g.n;
      if (PENDING.includes(g.status)) acc.pending += g.n;
      if (PENDING.includes(g.status) && g.overdue) acc.overdue += g.n;
    };
    const totals = zero();
    const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
    const byCategory = new Map<string, Counts>();
    const byUnit = new Map<string, Counts & { unitName: string }>();
    const byLevel = new Map<number, Counts>();
    const bucket = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
      if (!map.has(key)) map.set(key, make());
      return map.get(key) as V;
    };
    for (const g of groups) {
      add(totals, g);
      byStatus[g.status] += g.n;
      add(bucket(byCategory, g.category_code, zero), g);
      add(
        bucket(byUnit, g.town_id, () => ({ ...zero(), unitName: g.town_name })),
        g,
      );
      add(bucket(byLevel, Number(g.level), zero), g);
    }
    const times: { opened_at: Date; resolved_at: Date | null }[] = await api.ds.query(
      `SELECT opened_at, resolved_at FROM cases WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const hours = times
      .filter((t) => t.resolved_at)
      .map((t) => (new Date(t.resolved_at as Date).getTime() - new Date(t.opened_at).getTime()) / 3600_000)
      .sort((a, b) => a - b);
    // the median is read from 6-minute buckets: the midpoint of the middle bucket(s), in hours
    const tenths = hours.map((h) => Math.floor((h * 3600_000) / 360_000));
    const mid = (tenths.length - 1) / 2;
    const median = tenths.length ? (tenths[Math.floor(mid)] + tenths[Math.ceil(mid)]) / 2 / 10 + 0.05 : null;
    return {
      ...totals,
      byStatus,
      byCategory: [...byCategory]
        .map(([categoryCode, c]) => ({ categoryCode, ...c }))
        .sort((a, b) => a.categoryCode.localeCompare(b.categoryCode)),
      byUnit: [...byUnit]
        .map(([unitId, c]) => ({ unitId, ...c }))
        .sort((a, b) => a.unitId.localeCompare(b.unitId)),
      byLevel: [...byLevel].map(([level, c]) => ({ level, ...c })).sort((a, b) => a.level - b.level),
      medianHoursToSolve: median === null ? null : Math.round(median * 100) / 100,
      openedToday: times.filter((t) => shanghaiDate(new Date(t.opened_at)) === shanghaiDate(new Date()))
        .length,
      solvedToday: times.filter(
        (t) => t.resolved_at && shanghaiDate(new Date(t.resolved_at)) === shanghaiDate(new Date()),
      ).length,
    };
  }
  const shanghaiDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

  async function summary(token: string, unitId?: string): Promise<DashboardSummary> {
    const res = await http
      .get('/api/dashboard/summary')
      .set(bearer(token))
      .query(unitId ? { unitId } : {});
    if (res.status !== 200) throw new Error(`summary: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as DashboardSummary;
  }

  async function expectSummaryOver(token: string, ids: string[], unitId?: string) {
    const got = await summary(token, unitId);
    const want = await plainSummary(ids);
    expect({
      total: got.total,
      solved: got.solved,
      pending: got.pending,
      overdue: got.overdue,
      byStatus: got.byStatus,
      byCategory: [...got.byCategory].sort((a, b) => a.categoryCode.localeCompare(b.categoryCode)),
      byUnit: [...got.byUnit].sort((a, b) => a.unitId.localeCompare(b.unitId)),
      byLevel: got.byLevel,
      medianHoursToSolve: got.medianHoursToSolve,
    }).toEqual({
      total: want.total,
      solved: want.solved,
      pending: want.pending,
      overdue: want.overdue,
      byStatus: want.byStatus,
      byCategory: want.byCategory,
      byUnit: want.byUnit,
      byLevel: want.byLevel,
      medianHoursToSolve: want.medianHoursToSolve,
    });
    expect(got.solved + got.pending + got.byStatus.cancelled).toBe(got.total);
    expect(got.trend).toHaveLength(30);
    const today = got.trend[got.trend.length - 1];
    expect(today).toEqual({
      date: shanghaiDate(new Date()),
      opened: want.openedToday,
      solved: want.solvedToday,
    });
    if (want.openedToday === ids.length)
      expect(got.trend.slice(0, -1).every((d) => d.opened === 0 && d.solved === 0)).toBe(true);
    return got;
  }

  describe('GET /api/dashboard/summary', () => {
    it('the world is what it was built to be', async () => {
      const s = await expectSummaryOver(w.tokens.manager, idsOf('ABCDEFGHIJ'));
      expect(s).toMatchObject({
        total: 10,
        solved: 4, // E, F, I, J
        pending: 5, // A, B, C, D, H
        overdue: 3, // A, C, H
        byStatus: { open: 2, in_progress: 2, escalated: 1, resolved: 2, closed: 2, cancelled: 1 },
        unitId: w.county.id,
      });
      expect(s.byUnit.map((u) => [u.unitId, u.total]).sort()).toEqual(
        [
          [w.town.id, 7],
          [w.otherTown.id, 3],
        ].sort(),
      );
    });

    it('counts what each role may see, as a plain GROUP BY over those cases', async () => {
      await expectSummaryOver(w.tokens.instructor, idsOf('ABCDEFG'));
      await expectSummaryOver(w.tokens.coordinator, idsOf('ABCDEFG'));
      await expectSummaryOver(w.tokens.otherCoordinator, idsOf('HIJ'));
      await expectSummaryOver(w.tokens.officer, idsOf('CDFJ'));
      await expectSummaryOver(w.tokens.cityOfficer, idsOf('D'));
      await expectSummaryOver(w.tokens.otherOfficer, []);
      await expectSummaryOver(w.tokens.otherManager, idsOf('HIJ'));
      await expectSummaryOver(w.adminToken, await allIds());
    });

    it('narrows to a unit within the jurisdiction with unitId', async () => {
      await expectSummaryOver(w.tokens.manager, idsOf('ABCDEFG'), w.town.id);
      await expectSummaryOver(w.tokens.manager, idsOf('HIJ'), w.otherTown.id);
      // a bureau's dashboard counts the cases that are or were at it (as its officers see them)
      await expectSummaryOver(w.tokens.manager, idsOf('CDFJ'), w.countyLabor.id);
      await expectSummaryOver(w.adminToken, idsOf('D'), w.cityLabor.id);
      // the city's bureau is not under the county: outside the county manager's reach
      await http
        .get('/api/dashboard/summary')
        .set(bearer(w.tokens.manager))
        .query({ unitId: w.cityLabor.id })
        .expect(404);
      await expectSummaryOver(w.adminToken, idsOf('ABCDEFGHIJ'), w.county.id);
      const s = await summary(w.tokens.manager, w.town.id);
      expect(s.unitId).toBe(w.town.id);
    });

    it('never counts beyond the jurisdiction: a unit outside it is a 404 (an instructor counts only his cases)', async () => {
      for (const [token, unitId] of [
        [w.tokens.otherManager, w.town.id],
        [w.tokens.coordinator, w.otherTown.id],
        [w.tokens.instructor, w.otherTown.id],
      ] as const) {
        const res = await http.get('/api/dashboard/summary').set(bearer(token)).query({ unitId });
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('REQUEST.NOT_FOUND');
      }
      // his own town and the county above it: only his cases
      const own = await summary(w.tokens.instructor);
      for (const unitId of [w.town.id, w.county.id])
        expect((await summary(w.tokens.instructor, unitId)).total).toBe(own.total);
    });

    it('moves with the cases: an action changes the counts', async () => {
      const before = await summary(w.tokens.otherManager);
      let h = await getCase(http, w.tokens.otherCoordinator, cases['H'].id); // marked overdue since
      h = await ok(w.tokens.otherCoordinator, h, { action: 'assign', assigneeId: id('otherCoordinator') });
      h = await ok(w.tokens.otherCoordinator, h, { action: 'resolve', resolution: '已解决' });
      cases['H'] = h;
      const after = await expectSummaryOver(w.tokens.otherManager, idsOf('HIJ'));
      expect(after.solved).toBe(before.solved + 1);
      expect(after.pending).toBe(before.pending - 1);
      expect(after.overdue).toBe(before.overdue - 1);
      expect(after.trend[after.trend.length - 1]?.solved).toBe(
        (before.trend[before.trend.length - 1]?.solved ?? 0) + 1,
      );
    });

    it('refuses a bad unitId (400) and a missing token (401)', async () => {
      expectProblem(
        await http.get('/api/dashboard/summary').set(bearer(w.tokens.manager)).query({ unitId: 'county' }),
        400,
        'REQUEST.INVALID',
        ['unitId'],
      );
      expectProblem(
        await http.get('/api/dashboard/summary').set(bearer(w.tokens.manager)).query({ level: 1 }),
        400,
        'REQUEST.INVALID',
        ['level'],
      );
      expectProblem(await http.get('/api/dashboard/summary'), 401, 'AUTH.UNAUTHENTICATED');
    });
  });

  describe('GET /api/cases/export.xlsx', () => {
    const HEADER = LEDGER_WORKBOOK_HEADER;
    async function workbook(token: string, query: Record<string, unknown> = {}) {
      const res = await http
        .get('/api/cases/export.xlsx')
        .set(bearer(token))
        .query(query)
        .buffer(true)
        .parse(binary);
      if (res.status !== 200) throw new Error(`export: ${res.status} ${String(res.body)}`);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="taizhang-\d{4}-\d\d-\d\d\.xlsx"/,
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body);
      const sheet = wb.getWorksheet('问题台账');
      if (!sheet) throw new Error('no sheet 问题台账');
      const rows: string[][] = [];
      sheet.eachRow({ includeEmpty: false }, (row) =>
        rows.push(HEADER.map((_, i) => String(row.getCell(i + 1).value ?? ''))),
      );
      return rows;
    }

    const ledgerNos = (letters: string) =>
      letters
        .split('')
        .map((l) => cases[l].ledgerNo)
        .sort();

    it('has a header row and one row per visible case, for every role', async () => {
      const expected: Array<[string, string]> = [
        [w.tokens.instructor, 'ABCDEFG'],
        [w.tokens.coordinator, 'ABCDEFG'],
        [w.tokens.officer, 'CDFJ'],
        [w.tokens.cityOfficer, 'D'],
        [w.tokens.otherOfficer, ''],
        [w.tokens.manager, 'ABCDEFGHIJ'],
        [w.tokens.otherManager, 'HIJ'],
      ];
      for (const [token, letters] of expected) {
        const rows = await workbook(token);
        expect(rows[0]).toEqual(HEADER);
        expect(
          rows
            .slice(1)
            .map((r) => r[0])
            .sort(),
        ).toEqual(letters ? ledgerNos(letters) : []);
      }
      const all = await workbook(w.adminToken);
      expect(all.length - 1).toBe((await allIds()).length);
    });

    it('writes each case as the ledger reads it', async () => {
      const rows = await workbook(w.tokens.manager);
      const byNo = new Map(rows.slice(1).map((r) => [r[0], r]));
      const d = byNo.get(cases['D'].ledgerNo) as string[];
      expect(d.slice(0, 9)).toEqual([
        cases['D'].ledgerNo,
        w.enterprise.name,
        '用工',
        '人才D',
        '处理中',
        '市级',
        w.cityLabor.name,
        '',
        '',
      ]);
      const a = byNo.get(cases['A'].ledgerNo) as string[];
      expect(a.slice(4, 9)).toEqual(['待处理', '乡镇', w.town.name, '', '是']);
      expect(a[9]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
      const f = byNo.get(cases['F'].ledgerNo) as string[];
      expect([f[4], f[5], f[13], f[14], f[15]]).toEqual(['已销号', '县区', '已招聘', '5', '招聘及时']);
      expect([a[14], a[15]]).toEqual(['', '']);
      expect(f[11]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
      expect(f[12]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    });

    it('takes the same filters as GET /api/cases', async () => {
      expect(
        (await workbook(w.tokens.manager, { status: 'escalated,in_progress' }))
          .slice(1)
          .map((r) => r[0])
          .sort(),
      ).toEqual(ledgerNos('BCD'));
      expect(
        (await workbook(w.tokens.manager, { category: 'labor', level: 1 }))
          .slice(1)
          .map((r) => r[0])
          .sort(),
      ).toEqual(ledgerNos('CFJ'));
      expect(
        (await workbook(w.tokens.manager, { overdue: true, status: 'open,in_progress,escalated' }))
          .slice(1)
          .map((r) => r[0])
          .sort(),
      ).toEqual(ledgerNos('AC'));
      expect(
        (await workbook(w.tokens.manager, { unitId: w.otherTown.id }))
          .slice(1)
          .map((r) => r[0])
          .sort(),
      ).toEqual(ledgerNos('HIJ'));
      expect((await workbook(w.tokens.manager, { q: '社保' })).slice(1).map((r) => r[0])).toEqual(
        ledgerNos('J'),
      );
      expect(await workbook(w.tokens.otherManager, { unitId: w.town.id })).toEqual([HEADER]);
    });

    it('refuses bad filters with problem details (400) and a missing token (401)', async () => {
      expectProblem(
        await http.get('/api/cases/export.xlsx').set(bearer(w.tokens.manager)).query({ status: 'nope' }),
        400,
        'REQUEST.INVALID',
        ['status'],
      );
      expectProblem(
        await http.get('/api/cases/export.xlsx').set(bearer(w.tokens.manager)).query({ pageSize: 500 }),
        400,
        'REQUEST.INVALID',
        ['pageSize'],
      );
      expectProblem(await http.get('/api/cases/export.xlsx'), 401, 'AUTH.UNAUTHENTICATED');
    });
  });
});
