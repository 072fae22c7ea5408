import type { CaseDto, EnterpriseDto } from '@taizhang/contracts';
import { actOk, bearer, creditCode, expectProblem, markCaseOverdue, openCase, useWorld } from './harness';

/**
 * GET /api/cases for every role (DESIGN §6): who sees which cases, filters, sort and paging. The world holds
 * eleven cases A–K in known places; each expectation names the letters it must be.
 */
describe('jurisdiction: GET /api/cases', () => {
  let enterprise2: EnterpriseDto;
  const cases: Record<string, CaseDto> = {};

  const ok = (token: string, c: CaseDto, body: Record<string, unknown>) => actOk(http, token, c, body);

  const { api, http, w, id } = useWorld({ foldAfterEach: true });
  beforeAll(async () => {
    // a second enterprise in the same town that the instructor does not look after
    enterprise2 = (
      await http
        .post('/api/enterprises')
        .set(bearer(w.adminToken))
        .send({
          name: `宏达物流${w.tag}`,
          creditCode: creditCode(),
          scale: 'below',
          industry: '物流',
          unitId: w.town.id,
          address: '物流园2号',
          contactName: '李四',
          contactPhone: '13900000000',
          key: false,
          resumption: 'resumed',
          headcount: 30,
          returnedHeadcount: 30,
          instructorIds: [],
        })
        .expect(201)
    ).body;
    const I = w.tokens.instructor;
    const C = w.tokens.coordinator;
    const OI = w.tokens.otherInstructor;
    const OC = w.tokens.otherCoordinator;
    const open = (token: string, entId: string, title: string, categoryCode = 'labor') =>
      openCase(http, token, entId, { title, categoryCode });

    cases['A'] = await open(I, w.enterprise.id, '焊工短缺A');
    cases['B'] = await ok(C, await open(I, w.enterprise.id, '订单交付B'), {
      action: 'assign',
      assigneeId: id('coordinator2'),
    });
    cases['C'] = await ok(C, await open(I, w.enterprise.id, '招工困难C'), {
      action: 'escalate',
      reason: '上报县',
    });
    const d = await ok(
      w.tokens.officer,
      await ok(C, await open(I, w.enterprise.id, '高技能人才D'), { action: 'escalate', reason: '上报县' }),
      { action: 'accept' },
    );
    cases['D'] = await ok(w.tokens.officer, d, { action: 'escalate', reason: '上报市' });
    cases['E'] = await ok(
      w.tokens.officer,
      await ok(C, await open(C, enterprise2.id, '司机不足E'), { action: 'escalate', reason: '上报县' }),
      { action: 'return', reason: '退回镇' },
    );
    cases['F'] = await ok(C, await open(C, enterprise2.id, '物流通行证F', 'transport'), {
      action: 'escalate',
      reason: '上报县交通局',
    });
    const g = await ok(C, await open(C, enterprise2.id, '贷款展期G', 'funding'), {
      action: 'assign',
      assigneeId: id('coordinator'),
    });
    cases['G'] = await ok(C, g, { action: 'resolve', resolution: '银行已展期' });
    cases['H'] = await open(OI, w.otherEnterprise.id, '缺少普工H');
    const i = await ok(OC, await open(OI, w.otherEnterprise.id, '用地指标I', 'land'), {
      action: 'assign',
      assigneeId: id('otherCoordinator'),
    });
    cases['I'] = await ok(OI, await ok(OC, i, { action: 'resolve', resolution: '已办理' }), {
      action: 'confirm',
      rating: 5,
    });
    cases['J'] = await ok(
      w.tokens.officer,
      await ok(OC, await open(OI, w.otherEnterprise.id, '社保补贴J'), {
        action: 'escalate',
        reason: '上报县',
      }),
      { action: 'accept' },
    );
    cases['K'] = await ok(I, await open(I, w.enterprise.id, '口罩不足K', 'supplies'), {
      action: 'cancel',
      reason: '重复',
    });
    await markCaseOverdue(api.ds, cases['A'].id);
    await markCaseOverdue(api.ds, cases['H'].id);
  });

  const letterOf = (caseId: string) => Object.keys(cases).find((k) => cases[k].id === caseId) ?? `?${caseId}`;

  async function list(token: string, query: Record<string, string | number | boolean> = {}) {
    const res = await http
      .get('/api/cases')
      .set(bearer(token))
      .query({ pageSize: 200, ...query });
    if (res.status !== 200)
      throw new Error(`GET /api/cases ${JSON.stringify(query)}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { items: CaseDto[]; total: number; page: number; pageSize: number };
  }

  /** The letters of the cases this user sees with these filters (and total must agree). */
  async function seen(token: string, query: Record<string, string | number | boolean> = {}): Promise<string> {
    const page = await list(token, query);
    expect(page.total).toBe(page.items.length);
    return page.items
      .map((c) => letterOf(c.id))
      .sort()
      .join('');
  }

  describe('who sees what (DESIGN §6)', () => {
    it('an instructor: the cases of his enterprises, wherever they are now', async () => {
      expect(await seen(w.tokens.instructor)).toBe('ABCDK');
      expect(await seen(w.tokens.otherInstructor)).toBe('HIJ');
    });

    it('a coordinator: the cases of enterprises in his town, also escalated ones', async () => {
      expect(await seen(w.tokens.coordinator)).toBe('ABCDEFGK');
      expect(await seen(w.tokens.otherCoordinator)).toBe('HIJ');
    });

    it('a bureau officer: the cases that are or were at his bureau', async () => {
      expect(await seen(w.tokens.officer)).toBe('CDEJ');
      expect(await seen(w.tokens.cityOfficer)).toBe('D');
      expect(await seen(w.tokens.otherOfficer)).toBe('F');
    });

    it('a manager: everything under his unit', async () => {
      expect(await seen(w.tokens.manager)).toBe('ABCDEFGHIJK');
      expect(await seen(w.tokens.otherManager)).toBe('HIJ');
    });

    it('an admin: all cases', async () => {
      const [{ n }] = await api.ds.query(`SELECT count(*)::int AS n FROM cases`);
      const page = await list(w.adminToken, { pageSize: 1 });
      expect(page.total).toBe(n);
      expect(await seen(w.adminToken, { unitId: w.county.id })).toBe('ABCDEFGHIJK');
    });

    it('every case a list shows, GET /api/cases/:id shows too; the others are 404', async () => {
      for (const token of [w.tokens.instructor, w.tokens.officer, w.tokens.otherManager]) {
        const visible = new Set((await list(token)).items.map((c) => c.id));
        for (const c of Object.values(cases)) {
          const res = await http.get(`/api/cases/${c.id}`).set(bearer(token));
          expect([c.id, res.status]).toEqual([c.id, visible.has(c.id) ? 200 : 404]);
        }
      }
    });

    it('lists cases without their timelines, with the enterprise and the current unit', async () => {
      const page = await list(w.tokens.cityOfficer);
      expect(page.items[0]).toMatchObject({
        id: cases['D']?.id,
        ledgerNo: cases['D']?.ledgerNo,
        enterprise: { id: w.enterprise.id, name: w.enterprise.name },
        status: 'escalated',
        level: 2,
        unitId: w.cityLabor.id,
        unitName: w.cityLabor.name,
        version: cases['D']?.version,
      });
      expect(page.items[0]?.events).toBeUndefined();
    });
  });

  describe('filters', () => {
    it('status: one or a comma-separated list', async () => {
      expect(await seen(w.tokens.coordinator, { status: 'open,in_progress' })).toBe('ABE');
      expect(await seen(w.tokens.manager, { status: 'escalated' })).toBe('CDF');
      expect(await seen(w.tokens.manager, { status: 'resolved, closed' })).toBe('GI');
      expect(await seen(w.tokens.manager, { status: 'cancelled' })).toBe('K');
      const res = await http
        .get('/api/cases')
        .set(bearer(w.tokens.manager))
        .query({ status: 'open,finished' });
      expectProblem(res, 400, 'REQUEST.INVALID', ['status']);
    });

    it('category', async () => {
      expect(await seen(w.tokens.manager, { category: 'transport' })).toBe('F');
      expect(await seen(w.tokens.manager, { category: 'labor' })).toBe('ABCDEHJ');
      expect(await seen(w.tokens.manager, { category: 'nothing' })).toBe('');
    });

    it('level', async () => {
      expect(await seen(w.tokens.manager, { level: 0 })).toBe('ABEGHIK');
      expect(await seen(w.tokens.manager, { level: 1 })).toBe('CFJ');
      expect(await seen(w.tokens.manager, { level: 2 })).toBe('D');
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ level: 3 }),
        400,
        'REQUEST.INVALID',
        ['level'],
      );
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ level: 'town' }),
        400,
        'REQUEST.INVALID',
        ['level'],
      );
    });

    it('overdue', async () => {
      expect(await seen(w.tokens.manager, { overdue: true })).toBe('AH');
      expect(await seen(w.tokens.manager, { overdue: false })).toBe('BCDEFGIJK');
      expect(await seen(w.tokens.otherManager, { overdue: true })).toBe('H');
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ overdue: 'yes' }),
        400,
        'REQUEST.INVALID',
        ['overdue'],
      );
    });

    it('q: ledger number, title or enterprise name contains (case-insensitive, no wildcards)', async () => {
      expect(await seen(w.tokens.manager, { q: cases['B']?.ledgerNo })).toBe('B');
      expect(await seen(w.tokens.manager, { q: cases['B'].ledgerNo.toLowerCase() })).toBe('B');
      expect(await seen(w.tokens.manager, { q: '通行证' })).toBe('F');
      expect(await seen(w.tokens.manager, { q: `宏达物流${w.tag}` })).toBe('EFG');
      // F matches twice (its title 物流通行证F and its enterprise 宏达物流…): listed and counted once
      expect(await seen(w.tokens.manager, { q: '物流' })).toBe('EFG');
      expect(await seen(w.tokens.manager, { q: w.otherEnterprise.name })).toBe('HIJ');
      expect(await seen(w.tokens.manager, { q: '%' })).toBe('');
      expect(await seen(w.tokens.manager, { q: '_' })).toBe('');
      expect(await seen(w.tokens.instructor, { q: w.otherEnterprise.name })).toBe(''); // not his
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ q: 'a\u0000' }),
        400,
        'REQUEST.INVALID',
        ['q'],
      );
      expectProblem(
        await http
          .get('/api/cases')
          .set(bearer(w.tokens.manager))
          .query({ q: 'x'.repeat(101) }),
        400,
        'REQUEST.INVALID',
        ['q'],
      );
    });

    it('q: a ledger number whole, its start, or any piece of it (the number index), within jurisdiction', async () => {
      // town T: A B C D E F G K are its numbers 0001–0008 in that order; town U: H I J are 0001–0003
      const [, code, year] = /^(.+)-(\d{4})-(\d{4})$/.exec(cases['B'].ledgerNo) ?? [];
      expect(cases['B'].ledgerNo).toBe(`${code}-${year}-0002`);
      expect(cases['I'].ledgerNo).toBe(`${cases['I'].ledgerNo.split('-')[0]}-${year}-0002`);
      const M = w.tokens.manager;
      expect(await seen(M, { q: `${code}-${year}-0002` })).toBe('B');
      expect(await seen(M, { q: `${code}-${year}-0002`.toLowerCase() })).toBe('B');
      expect(await seen(M, { q: `${code}-${year}-000` })).toBe('ABCDEFGK'); // a start
      expect(await seen(M, { q: `${code}-${year}-` })).toBe('ABCDEFGK');
      expect(await seen(M, { q: `${code}-` })).toBe('ABCDEFGK');
      // a piece from inside the number: the codes `T<tag>` and `U<tag>` both end with the tag
      expect(await seen(M, { q: `${code.slice(1)}-${year}-0002` })).toBe('BI');
      expect(await seen(M, { q: `${code.slice(1, -1)}` })).toBe('ABCDEFGHIJK');
      expect(await seen(M, { q: `-${year}-0002` })).toBe('BI'); // both towns' second case
      expect(await seen(M, { q: `${year}-000` })).toBe('ABCDEFGHIJK');
      expect(await seen(M, { q: '-' })).toBe('ABCDEFGHIJK');
      expect(await seen(M, { q: `-${year}-00021` })).toBe(''); // longer than any number's tail
      expect(await seen(M, { q: `${code}-${year}-0002-` })).toBe('');
      expect(await seen(M, { q: `${code}-${year}-00_2` })).toBe(''); // `_` is no wildcard
      // with other filters, and the jurisdiction of the reader
      expect(await seen(M, { q: `-${year}-000`, status: 'escalated' })).toBe('CDF');
      expect(await seen(M, { q: `-${year}-0003`, unitId: w.otherTown.id })).toBe('J');
      expect(await seen(M, { q: `-${year}-0002`, sort: 'ledgerNo' })).toBe('BI');
      expect(await seen(w.tokens.instructor, { q: `-${year}-0002` })).toBe('B');
      expect(await seen(w.tokens.otherCoordinator, { q: `-${year}-0002` })).toBe('I');
      expect(await seen(w.tokens.otherManager, { q: `${code}-${year}-` })).toBe('');
      expect(await seen(w.tokens.officer, { q: `-${year}-000` })).toBe('CDEJ');
      // the page and its order: the same rows as the whole list, newest first
      const all = (await list(M, { q: `-${year}-000` })).items.map((c) => c.id);
      const firstTwo = await list(M, { q: `-${year}-000`, pageSize: 2 });
      expect(firstTwo.total).toBe(11);
      expect(firstTwo.items.map((c) => c.id)).toEqual(all.slice(0, 2));
    });

    it('q: an enterprise name in part, with other filters and within jurisdiction', async () => {
      expect(await seen(w.tokens.manager, { q: '物流' + w.tag.slice(0, 3) })).toBe('EFG');
      expect(await seen(w.tokens.manager, { q: '达物', status: 'escalated' })).toBe('F');
      expect(await seen(w.tokens.instructor, { q: '达物' })).toBe('');
      expect(await seen(w.tokens.coordinator, { q: '达物', category: 'funding' })).toBe('G');
    });

    it('enterpriseId, within the caller’s jurisdiction only', async () => {
      expect(await seen(w.tokens.manager, { enterpriseId: w.otherEnterprise.id })).toBe('HIJ');
      expect(await seen(w.tokens.coordinator, { enterpriseId: enterprise2.id })).toBe('EFG');
      expect(await seen(w.tokens.instructor, { enterpriseId: enterprise2.id })).toBe('');
      expect(await seen(w.tokens.officer, { enterpriseId: w.enterprise.id })).toBe('CD');
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ enterpriseId: 'abc' }),
        400,
        'REQUEST.INVALID',
        ['enterpriseId'],
      );
    });

    it('unitId: cases of that unit or under it, or held by it', async () => {
      expect(await seen(w.tokens.manager, { unitId: w.otherTown.id })).toBe('HIJ');
      expect(await seen(w.tokens.manager, { unitId: w.town.id })).toBe('ABCDEFGK');
      expect(await seen(w.tokens.manager, { unitId: w.countyLabor.id })).toBe('CJ');
      expect(await seen(w.tokens.manager, { unitId: w.cityLabor.id })).toBe('D');
      expect(await seen(w.tokens.manager, { unitId: w.county.id })).toBe('ABCDEFGHIJK');
      expect(await seen(w.tokens.otherManager, { unitId: w.town.id })).toBe(''); // outside his unit: nothing
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ unitId: 'town' }),
        400,
        'REQUEST.INVALID',
        ['unitId'],
      );
    });

    it('filters combine', async () => {
      expect(await seen(w.tokens.manager, { status: 'escalated', category: 'labor' })).toBe('CD');
      expect(await seen(w.tokens.manager, { level: 0, unitId: w.town.id, status: 'open' })).toBe('AE');
      expect(await seen(w.tokens.officer, { status: 'in_progress' })).toBe('J');
    });

    it('refuses unknown query parameters (400 naming them)', async () => {
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ town: 'x' }),
        400,
        'REQUEST.INVALID',
        ['town'],
      );
    });
  });

  describe('sort and paging', () => {
    it('sorts newest first by default, and by ledger number either way', async () => {
      const byDefault = (await list(w.tokens.coordinator)).items.map((c) => c.openedAt);
      expect([...byDefault].sort().reverse()).toEqual(byDefault);
      const asc = (await list(w.tokens.coordinator, { sort: 'ledgerNo' })).items.map((c) => c.ledgerNo);
      expect(asc).toEqual([...asc].sort());
      const desc = (await list(w.tokens.coordinator, { sort: '-ledgerNo' })).items.map((c) => c.ledgerNo);
      expect(desc).toEqual([...asc].reverse());
      const byStatus = (await list(w.tokens.manager, { sort: 'status' })).items.map((c) => c.status);
      expect(byStatus).toEqual([...byStatus].sort());
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ sort: 'title' }),
        400,
        'REQUEST.INVALID',
        ['sort'],
      );
    });

    it('pages: { items, total, page, pageSize }, no case twice, none lost', async () => {
      const pages = [];
      for (let page = 1; page <= 5; page++)
        pages.push(await list(w.tokens.manager, { page, pageSize: 3, sort: 'ledgerNo' }));
      expect(pages.map((p) => [p.page, p.pageSize, p.total, p.items.length])).toEqual([
        [1, 3, 11, 3],
        [2, 3, 11, 3],
        [3, 3, 11, 3],
        [4, 3, 11, 2],
        [5, 3, 11, 0],
      ]);
      const ids = pages.flatMap((p) => p.items.map((c) => letterOf(c.id)));
      expect(ids.slice().sort().join('')).toBe('ABCDEFGHIJK');
      const defaults = await http.get('/api/cases').set(bearer(w.tokens.manager)).expect(200);
      expect(defaults.body).toMatchObject({ page: 1, pageSize: 20, total: 11 });
    });

    it('refuses pageSize above 200 and other bad paging (400 naming the field)', async () => {
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ pageSize: 201 }),
        400,
        'REQUEST.INVALID',
        ['pageSize'],
      );
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ pageSize: 0 }),
        400,
        'REQUEST.INVALID',
        ['pageSize'],
      );
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ pageSize: 'ten' }),
        400,
        'REQUEST.INVALID',
        ['pageSize'],
      );
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ page: 0 }),
        400,
        'REQUEST.INVALID',
        ['page'],
      );
      expectProblem(
        await http.get('/api/cases').set(bearer(w.tokens.manager)).query({ page: 1.5 }),
        400,
        'REQUEST.INVALID',
        ['page'],
      );
      expectProblem(
        await http.get('/api/cases?page=1&page=2').set(bearer(w.tokens.manager)),
        400,
        'REQUEST.INVALID',
        ['page'],
      );
      expect((await list(w.tokens.manager, { pageSize: 200 })).pageSize).toBe(200);
    });

    it('refuses a list request without a token (401)', async () => {
      expectProblem(await http.get('/api/cases'), 401, 'AUTH.UNAUTHENTICATED');
    });
  });

  describe('GET /api/enterprises/:id', () => {
    it('answers 404 for an enterprise outside the caller’s jurisdiction', async () => {
      const get = (token: string, entId: string) => http.get(`/api/enterprises/${entId}`).set(bearer(token));
      expect((await get(w.tokens.instructor, w.enterprise.id)).status).toBe(200);
      expectProblem(await get(w.tokens.instructor, enterprise2.id), 404, 'ENTERPRISE.NOT_FOUND');
      expectProblem(await get(w.tokens.instructor, w.otherEnterprise.id), 404, 'ENTERPRISE.NOT_FOUND');
      expectProblem(await get(w.tokens.otherCoordinator, w.enterprise.id), 404, 'ENTERPRISE.NOT_FOUND');
      expectProblem(await get(w.tokens.otherManager, w.enterprise.id), 404, 'ENTERPRISE.NOT_FOUND');
      expect((await get(w.tokens.manager, w.otherEnterprise.id)).status).toBe(200);
      expect((await get(w.tokens.officer, w.otherEnterprise.id)).status).toBe(200); // a county bureau serves the county
      expect((await get(w.tokens.coordinator, enterprise2.id)).body.openCases).toBe(2); // E, F
    });
  });
});
