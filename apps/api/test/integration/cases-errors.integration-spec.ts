import type { CaseDto } from '@taizhang/contracts';
import { randomUUID } from 'node:crypto';
import {
  actOk,
  bearer,
  caseFootprint,
  expectProblem,
  getCase,
  openCase,
  postCaseKeyed,
  useWorld,
} from './harness';

describe('case errors', () => {
  const { api, http, w, id } = useWorld({ foldAfterEach: true });

  const valid = () => ({
    enterpriseId: w.enterprise.id,
    categoryCode: 'labor',
    title: '缺少原材料',
    description: '钢材断供',
  });
  const countCases = async () => Number((await api.ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n);

  const ok = (token: string, c: CaseDto, body: Record<string, unknown>) => actOk(http, token, c, body);

  /** A case in the given state (through the API). */
  async function caseIn(
    state: 'open' | 'in_progress' | 'resolved' | 'closed' | 'county' | 'county_in_progress' | 'city',
    extra: Record<string, unknown> = {},
  ): Promise<CaseDto> {
    let c = await openCase(http, w.tokens.instructor, w.enterprise.id, extra);
    if (state === 'open') return c;
    if (state === 'county' || state === 'county_in_progress' || state === 'city') {
      c = await ok(w.tokens.coordinator, c, { action: 'escalate', reason: '镇里解决不了' });
      if (state === 'county') return c;
      c = await ok(w.tokens.officer, c, { action: 'accept' });
      if (state === 'county_in_progress') return c;
      return ok(w.tokens.officer, c, { action: 'escalate', reason: '县里解决不了' });
    }
    c = await ok(w.tokens.coordinator, c, { action: 'assign', assigneeId: id('coordinator') });
    if (state === 'in_progress') return c;
    c = await ok(w.tokens.coordinator, c, { action: 'resolve', resolution: '已解决' });
    if (state === 'resolved') return c;
    return ok(w.tokens.instructor, c, { action: 'confirm', rating: 5 });
  }

  /** The request is refused with this problem, and the case (row and events) is exactly as before. */
  async function refused(
    token: string,
    c: CaseDto,
    body: Record<string, unknown>,
    status: number,
    code: string,
    fields?: string[],
  ): Promise<Record<string, unknown>> {
    const before = await caseFootprint(api.ds, c.id);
    const res = await http
      .post(`/api/cases/${c.id}/actions`)
      .set(bearer(token))
      .send({ version: before.row['version'], ...body });
    expectProblem(res, status, code, fields);
    expect(res.body.instance).toBe(`/api/cases/${c.id}/actions`);
    expect(await caseFootprint(api.ds, c.id)).toEqual(before);
    return res.body;
  }

  describe('POST /api/cases', () => {
    const refusedCreate = async (
      token: string | null,
      body: unknown,
      status: number,
      code: string,
      fields?: string[],
    ) => {
      const before = await countCases();
      const req = http.post('/api/cases');
      if (token) req.set(bearer(token));
      const res = await req.send(body as object);
      expectProblem(res, status, code, fields);
      expect(await countCases()).toBe(before);
      return res.body;
    };
    /** The instructor's body is refused (400 REQUEST.INVALID naming these fields), and no case is opened. */
    const invalidEach = async (rows: [body: unknown, fields: string[]][]) => {
      for (const [body, fields] of rows)
        await refusedCreate(w.tokens.instructor, body, 400, 'REQUEST.INVALID', fields);
    };

    it('refuses an unknown field (400 naming it)', async () => {
      const body = await refusedCreate(
        w.tokens.instructor,
        { ...valid(), severity: 'high' },
        400,
        'REQUEST.INVALID',
        ['severity'],
      );
      expect(body.errors).toEqual([{ field: 'severity', message: 'unknown field "severity": remove it' }]);
      expect(body.title).toBe('Bad Request');
      expect(body.type).toMatch(/request-invalid$/);
    });

    it('refuses a missing, blank or too long title (400 naming title)', async () => {
      const { title: _omit, ...noTitle } = valid();
      void _omit;
      await invalidEach([
        [noTitle, ['title']],
        [{ ...valid(), title: '   ' }, ['title']],
        [{ ...valid(), title: '' }, ['title']],
        [{ ...valid(), title: 'x'.repeat(201) }, ['title']],
        [{ ...valid(), title: 42 }, ['title']],
      ]);
    });

    it('refuses a missing description, a bad priority, a bad enterprise id, a missing category (400 naming each)', async () => {
      const { description: _d, ...noDescription } = valid();
      void _d;
      const { categoryCode: _c, ...noCategory } = valid();
      void _c;
      await invalidEach([
        [noDescription, ['description']],
        [{ ...valid(), priority: 'high' }, ['priority']],
        [{ ...valid(), enterpriseId: 'not-a-uuid' }, ['enterpriseId']],
        [noCategory, ['categoryCode']],
        [{}, ['enterpriseId', 'categoryCode', 'title', 'description']],
      ]);
    });

    it('refuses an unknown category (400 naming categoryCode) and leaves no gap in the ledger numbers', async () => {
      const a = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await invalidEach([[{ ...valid(), categoryCode: 'nonsense' }, ['categoryCode']]]);
      const b = await openCase(http, w.tokens.instructor, w.enterprise.id);
      expect(Number(b.ledgerNo.slice(-4))).toBe(Number(a.ledgerNo.slice(-4)) + 1);
    });

    it('refuses a disabled category for a new case (400 naming categoryCode); its old cases keep it and stay listable and actionable', async () => {
      const code = `dis_${w.tag}`;
      await http
        .post('/api/categories')
        .set(bearer(w.adminToken))
        .send({ code, nameZh: '停用类', nameEn: 'Disabled' })
        .expect(201);
      const old = await openCase(http, w.tokens.instructor, w.enterprise.id, { categoryCode: code });
      await http
        .patch(`/api/categories/${code}`)
        .set(bearer(w.adminToken))
        .send({ active: false })
        .expect(200);

      const body = await refusedCreate(
        w.tokens.instructor,
        { ...valid(), categoryCode: code },
        400,
        'REQUEST.INVALID',
        ['categoryCode'],
      );
      expect(body.errors).toEqual([
        {
          field: 'categoryCode',
          message: expect.stringMatching(new RegExp(`category "${code}" is disabled`)),
        },
      ]);
      // an enterprise the opener may not open cases for still answers first, naming nothing
      await refusedCreate(
        w.tokens.instructor,
        { ...valid(), enterpriseId: w.otherEnterprise.id, categoryCode: code },
        404,
        'ENTERPRISE.NOT_FOUND',
        ['enterpriseId'],
      );

      // the old case keeps its category: read, listed under it, and acted on
      expect(
        (await http.get(`/api/cases/${old.id}`).set(bearer(w.tokens.coordinator)).expect(200)).body
          .categoryCode,
      ).toBe(code);
      const listed = await http
        .get('/api/cases')
        .query({ category: code })
        .set(bearer(w.tokens.coordinator))
        .expect(200);
      expect(listed.body.items.map((c: CaseDto) => c.id)).toEqual([old.id]);
      const assigned = await ok(w.tokens.coordinator, old, {
        action: 'assign',
        assigneeId: id('coordinator'),
      });
      expect(assigned).toMatchObject({ status: 'in_progress', categoryCode: code });
      await ok(w.tokens.coordinator, assigned, { action: 'resolve', resolution: '已解决' });

      // enabled again, it takes new cases at once
      await http
        .patch(`/api/categories/${code}`)
        .set(bearer(w.adminToken))
        .send({ active: true })
        .expect(200);
      expect(
        (await openCase(http, w.tokens.instructor, w.enterprise.id, { categoryCode: code })).categoryCode,
      ).toBe(code);
    });

    it('refuses text the database cannot store (a NUL character) with 400, not 500', async () => {
      await invalidEach([
        [{ ...valid(), title: 'a\u0000b' }, ['title']],
        [{ ...valid(), description: 'x\u0000' }, ['description']],
      ]);
    });

    it('refuses a body that is not an object (400)', async () => {
      await refusedCreate(w.tokens.instructor, [valid()], 400, 'REQUEST.INVALID');
      const res = await http
        .post('/api/cases')
        .set(bearer(w.tokens.instructor))
        .set('Content-Type', 'application/json')
        .send('"text"');
      expectProblem(res, 400, 'REQUEST.INVALID');
    });

    it('refuses a request without a valid token (401)', async () => {
      await refusedCreate(null, valid(), 401, 'AUTH.UNAUTHENTICATED');
      await refusedCreate('not-a-token', valid(), 401, 'AUTH.UNAUTHENTICATED');
      const res = await http.post('/api/cases').set('Authorization', 'Basic abc').send(valid());
      expectProblem(res, 401, 'AUTH.UNAUTHENTICATED');
    });

    it('refuses roles that never open cases (403): manager, bureau officer', async () => {
      await refusedCreate(w.tokens.manager, valid(), 403, 'CASE.CANNOT_OPEN');
      await refusedCreate(w.tokens.officer, valid(), 403, 'CASE.CANNOT_OPEN');
    });

    it('answers 404 for an enterprise outside the caller’s jurisdiction, or none at all', async () => {
      const footprint = async () =>
        (
          await api.ds.query(
            `SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM outbox) AS outbox,
                    (SELECT count(*)::int FROM case_stats_deltas) + (SELECT count(*)::int FROM case_stats) AS stats,
                    (SELECT coalesce(sum(last_seq), 0)::int FROM ledger_sequences) AS seq`,
          )
        )[0];
      const before = await footprint();
      await refusedCreate(w.tokens.otherInstructor, valid(), 404, 'ENTERPRISE.NOT_FOUND', ['enterpriseId']);
      await refusedCreate(w.tokens.otherCoordinator, valid(), 404, 'ENTERPRISE.NOT_FOUND', ['enterpriseId']);
      await refusedCreate(
        w.tokens.instructor,
        { ...valid(), enterpriseId: w.otherEnterprise.id },
        404,
        'ENTERPRISE.NOT_FOUND',
      );
      await refusedCreate(
        w.tokens.instructor,
        { ...valid(), enterpriseId: randomUUID() },
        404,
        'ENTERPRISE.NOT_FOUND',
      );
      // the intake is one statement that also reads the enterprise: a refusal wrote nothing, drew no number
      expect(await footprint()).toEqual(before);
    });

    /** The instructor's POST /api/cases with this Idempotency-Key. */
    const postKeyed = (key: string, body: object) => postCaseKeyed(http, w.tokens.instructor, key, body);

    it('answers 422 when an Idempotency-Key is reused with a different body, and 400 for a malformed key', async () => {
      const key = randomUUID();
      const first = await postKeyed(key, valid()).expect(201);
      const before = await countCases();
      const res = await postKeyed(key, { ...valid(), title: '另一个问题' });
      expectProblem(res, 422, 'IDEMPOTENCY.KEY_REUSED');
      expect(res.body.title).toBe('Unprocessable Content');
      expect(await countCases()).toBe(before);
      // the key still answers the first result
      const again = await postKeyed(key, valid()).expect(201);
      expect(again.body.id).toBe(first.body.id);
      const bad = await postKeyed('x'.repeat(201), valid());
      expectProblem(bad, 400, 'IDEMPOTENCY.KEY_INVALID');
      expect(await countCases()).toBe(before);
    });

    it('frees an Idempotency-Key when the request was refused, so the corrected request can use it', async () => {
      const key = randomUUID();
      const res = await postKeyed(key, { ...valid(), categoryCode: 'nope' });
      expectProblem(res, 400, 'REQUEST.INVALID', ['categoryCode']);
      const fixed = await postKeyed(key, valid());
      expect(fixed.status).toBe(201);
    });
  });

  describe('GET /api/cases/:id', () => {
    it('answers 404 to everyone outside the case’s jurisdiction, like a case that does not exist', async () => {
      const atTown = await caseIn('open');
      const atCounty = await caseIn('county');
      for (const token of [
        w.tokens.otherInstructor,
        w.tokens.otherCoordinator,
        w.tokens.officer,
        w.tokens.otherOfficer,
        w.tokens.cityOfficer,
        w.tokens.otherManager,
      ]) {
        const res = await http.get(`/api/cases/${atTown.id}`).set(bearer(token));
        expectProblem(res, 404, 'CASE.NOT_FOUND');
      }
      for (const token of [
        w.tokens.otherInstructor,
        w.tokens.otherCoordinator,
        w.tokens.otherOfficer,
        w.tokens.cityOfficer,
        w.tokens.otherManager,
      ]) {
        expectProblem(await http.get(`/api/cases/${atCounty.id}`).set(bearer(token)), 404, 'CASE.NOT_FOUND');
      }
      const missing = await http.get(`/api/cases/${randomUUID()}`).set(bearer(w.adminToken));
      expectProblem(missing, 404, 'CASE.NOT_FOUND');
      const hidden = await http.get(`/api/cases/${atTown.id}`).set(bearer(w.tokens.otherCoordinator));
      expect({ ...hidden.body, instance: null }).toEqual({ ...missing.body, instance: null }); // no existence leak
    });

    it('refuses a path id that is not a UUID (400 naming id) and a missing token (401)', async () => {
      expectProblem(
        await http.get('/api/cases/12345').set(bearer(w.tokens.instructor)),
        400,
        'REQUEST.INVALID',
        ['id'],
      );
      expectProblem(await http.get(`/api/cases/${randomUUID()}`), 401, 'AUTH.UNAUTHENTICATED');
    });
  });

  describe('POST /api/cases/:id/actions', () => {
    /** One refused request a row: who asks, about which case, with what body (and the fields the problem names). */
    type Refusal = [token: string, c: CaseDto, body: Record<string, unknown>, fields?: string[]];
    /** Every row is refused with this problem, and its case is exactly as before. */
    const refusedEach = async (status: number, code: string, rows: Refusal[]) => {
      for (const [token, c, body, fields] of rows) await refused(token, c, body, status, code, fields);
    };

    it('answers 404 to actors outside the case’s jurisdiction and changes nothing', async () => {
      const c = await caseIn('in_progress');
      const county = await caseIn('county');
      await refusedEach(404, 'CASE.NOT_FOUND', [
        [w.tokens.otherInstructor, c, { action: 'comment', comment: '看看' }],
        [w.tokens.otherCoordinator, c, { action: 'resolve', resolution: '已解决' }],
        [w.tokens.officer, c, { action: 'comment', comment: '看看' }],
        [w.tokens.otherManager, c, { action: 'urge', reason: '快' }],
        [w.tokens.otherOfficer, county, { action: 'accept' }],
        [w.tokens.cityOfficer, county, { action: 'accept' }],
        [w.tokens.otherCoordinator, county, { action: 'comment', comment: 'x' }],
      ]);
      const res = await http
        .post(`/api/cases/${randomUUID()}/actions`)
        .set(bearer(w.adminToken))
        .send({ action: 'comment', version: 1, comment: 'x' });
      expectProblem(res, 404, 'CASE.NOT_FOUND');
    });

    it('refuses malformed requests (400 naming the field) and changes nothing', async () => {
      const c = await caseIn('open');
      const t = w.tokens.coordinator;
      await refusedEach(400, 'REQUEST.INVALID', [
        [t, c, { action: 'comment', comment: 'x', note: 'y' }, ['note']],
        [t, c, { action: 'close' }, ['action']],
        [t, c, { action: 'comment', comment: 'x', version: '1' }, ['version']],
        [t, c, { action: 'comment', comment: 'x', version: 0 }, ['version']],
        [t, c, { action: 'comment', comment: 'x', version: 1.5 }, ['version']],
        [t, c, { action: 'assign', assigneeId: 'bob' }, ['assigneeId']],
        [t, c, { action: 'escalate', reason: 42 }, ['reason']],
        [t, c, { action: 'comment', comment: 'x'.repeat(5001) }, ['comment']],
        [t, c, { action: 'comment', comment: 'a\u0000b' }, ['comment']],
      ]);
      const before = await caseFootprint(api.ds, c.id);
      const noVersion = await http
        .post(`/api/cases/${c.id}/actions`)
        .set(bearer(w.tokens.coordinator))
        .send({ action: 'comment', comment: 'x' });
      expectProblem(noVersion, 400, 'REQUEST.INVALID', ['version']);
      expectProblem(
        await http
          .post('/api/cases/nope/actions')
          .set(bearer(w.tokens.coordinator))
          .send({ action: 'comment', version: 1, comment: 'x' }),
        400,
        'REQUEST.INVALID',
        ['id'],
      );
      expect(await caseFootprint(api.ds, c.id)).toEqual(before);
    });

    it('requires a reason to escalate, return, cancel and reopen (400 CASE.FIELD_REQUIRED naming reason)', async () => {
      const open = await caseIn('open');
      const county = await caseIn('county');
      const resolved = await caseIn('resolved');
      await refusedEach(400, 'CASE.FIELD_REQUIRED', [
        [w.tokens.coordinator, open, { action: 'escalate' }, ['reason']],
        [w.tokens.coordinator, open, { action: 'escalate', reason: '   ' }, ['reason']],
        [w.tokens.instructor, open, { action: 'cancel' }, ['reason']],
        [w.tokens.coordinator, open, { action: 'cancel', reason: '' }, ['reason']],
        [w.tokens.officer, county, { action: 'return' }, ['reason']],
        [w.tokens.officer, county, { action: 'escalate', reason: ' ' }, ['reason']],
        [w.tokens.instructor, resolved, { action: 'reopen' }, ['reason']],
      ]);
    });

    it('requires a resolution to resolve, a rating 1–5 to confirm, an assignee to assign and text to comment', async () => {
      const inProgress = await caseIn('in_progress');
      const resolved = await caseIn('resolved');
      await refusedEach(400, 'CASE.FIELD_REQUIRED', [
        [w.tokens.coordinator, inProgress, { action: 'resolve' }, ['resolution']],
        [w.tokens.coordinator, inProgress, { action: 'resolve', resolution: '  ' }, ['resolution']],
        [w.tokens.coordinator, inProgress, { action: 'assign' }, ['assigneeId']],
        [w.tokens.coordinator, inProgress, { action: 'comment' }, ['comment']],
        [w.tokens.instructor, resolved, { action: 'confirm' }, ['rating']],
      ]);
      await refusedEach(400, 'REQUEST.INVALID', [
        [w.tokens.instructor, resolved, { action: 'confirm', rating: 'good' }, ['rating']],
        [w.tokens.instructor, resolved, { action: 'confirm', rating: 6 }, ['rating']],
        [w.tokens.instructor, resolved, { action: 'confirm', rating: 4.5 }, ['rating']],
        // the old yes/no answer is gone: a rating is asked for, never pre-set
        [w.tokens.instructor, resolved, { action: 'confirm', satisfied: true }, ['satisfied']],
      ]);
    });

    it('refuses an assignee who is not a handler of the unit holding the case (400 naming assigneeId)', async () => {
      const c = await caseIn('open');
      const county = await caseIn('county');
      await refusedEach(400, 'CASE.ASSIGNEE_NOT_IN_UNIT', [
        ...[...['otherCoordinator', 'instructor', 'officer', 'manager'].map(id), randomUUID()].map(
          (assigneeId): Refusal => [
            w.tokens.coordinator,
            c,
            { action: 'assign', assigneeId },
            ['assigneeId'],
          ],
        ),
        [w.tokens.officer, county, { action: 'assign', assigneeId: id('coordinator') }, ['assigneeId']],
      ]);
    });

    it('refuses what a role may never do, or what is not the caller’s to do (403) and changes nothing', async () => {
      const inProgress = await caseIn('in_progress');
      const county = await caseIn('county');
      const countyInProgress = await caseIn('county_in_progress');
      const city = await caseIn('city');
      const resolved = await caseIn('resolved');
      await refusedEach(403, 'CASE.NOT_IN_JURISDICTION', [
        [w.tokens.manager, inProgress, { action: 'resolve', resolution: '经理说解决了' }],
        [w.tokens.manager, inProgress, { action: 'assign', assigneeId: id('coordinator2') }],
        [w.tokens.instructor, inProgress, { action: 'assign', assigneeId: id('coordinator2') }],
        [w.tokens.instructor, inProgress, { action: 'resolve', resolution: '自己解决了' }],
        [w.tokens.instructor, inProgress, { action: 'escalate', reason: '急' }],
        [w.tokens.instructor, inProgress, { action: 'urge', reason: '急' }],
        [w.tokens.coordinator, inProgress, { action: 'urge', reason: '急' }],
        [w.tokens.coordinator, county, { action: 'accept' }],
        [w.tokens.manager, county, { action: 'accept' }],
        [w.tokens.coordinator, county, { action: 'escalate', reason: '再上报' }],
        [w.tokens.coordinator, countyInProgress, { action: 'resolve', resolution: '镇里解决了' }],
        [w.tokens.officer, city, { action: 'accept' }], // no longer at his bureau
        [w.tokens.officer, city, { action: 'return', reason: '收回' }],
        [w.tokens.manager, resolved, { action: 'confirm', rating: 5 }],
        [w.tokens.officer, county, { action: 'cancel', reason: '撤' }],
      ]);
    });

    it('refuses a stale version (409 with currentVersion) and changes nothing', async () => {
      let c = await caseIn('open');
      c = await ok(w.tokens.coordinator, c, { action: 'assign', assigneeId: id('coordinator2') });
      const resolveAt = (version: number) =>
        refused(
          w.tokens.coordinator,
          c,
          { action: 'resolve', resolution: '已解决', version },
          409,
          'CASE.STALE_VERSION',
        );
      const body = await resolveAt(1);
      expect(body.currentVersion).toBe(2);
      expect(body.title).toBe('Conflict');
      const ahead = await resolveAt(7);
      expect(ahead.currentVersion).toBe(2);
    });

    it('refuses actions not allowed in the case’s state (409) and changes nothing', async () => {
      const closed = await caseIn('closed');
      const open = await caseIn('open');
      const inProgress = await caseIn('in_progress');
      const rows: Refusal[] = [
        [w.tokens.coordinator, closed, { action: 'resolve', resolution: '再解决一次' }],
        [w.tokens.instructor, closed, { action: 'reopen', reason: '又出问题' }],
        [w.tokens.coordinator, closed, { action: 'escalate', reason: '上报' }],
        [w.tokens.instructor, closed, { action: 'cancel', reason: '撤销' }],
        [w.tokens.instructor, open, { action: 'confirm', rating: 5 }],
        [w.tokens.coordinator, open, { action: 'resolve', resolution: '直接解决' }],
        [w.adminToken, open, { action: 'accept' }],
        [w.tokens.instructor, inProgress, { action: 'cancel', reason: '撤销' }],
        [w.tokens.manager, closed, { action: 'urge', reason: '快' }],
      ];
      await refusedEach(409, 'CASE.NOT_ALLOWED_IN_STATE', rows);
    });

    it('refuses to escalate beyond the city bureau (409 CASE.TOP_LEVEL)', async () => {
      let city = await caseIn('city');
      expect(city).toMatchObject({ level: 2, unitId: w.cityLabor.id });
      await refused(
        w.tokens.cityOfficer,
        city,
        { action: 'escalate', reason: '再往上' },
        409,
        'CASE.TOP_LEVEL',
      );
      city = await ok(w.tokens.cityOfficer, city, { action: 'accept' });
      await refused(
        w.tokens.cityOfficer,
        city,
        { action: 'escalate', reason: '再往上' },
        409,
        'CASE.TOP_LEVEL',
      );
      expect((await getCase(http, w.tokens.cityOfficer, city.id)).allowedActions).not.toContain('escalate');
    });

    it('refuses to escalate when no bureau handles the category (409 CASE.NO_ROUTE)', async () => {
      const land = await caseIn('open', { categoryCode: 'land', title: '用地审批' });
      await refused(
        w.tokens.coordinator,
        land,
        { action: 'escalate', reason: '需国土部门' },
        409,
        'CASE.NO_ROUTE',
      );
      // a transport case reaches the county transport bureau, but there is no city transport bureau
      let transport = await caseIn('open', { categoryCode: 'transport', title: '物流不通' });
      transport = await ok(w.tokens.coordinator, transport, { action: 'escalate', reason: '需县交通局' });
      expect(transport.unitId).not.toBe(w.countyLabor.id);
      transport = await getCase(http, w.tokens.otherOfficer, transport.id);
      await refused(
        w.tokens.otherOfficer,
        transport,
        { action: 'escalate', reason: '需市交通局' },
        409,
        'CASE.NO_ROUTE',
      );
    });
  });
});
