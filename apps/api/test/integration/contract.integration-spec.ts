import type { INestApplication } from '@nestjs/common';
import type { DeadlinePolicyDto, RoutingRuleDto, WorkCalendarDto } from '@taizhang/contracts';
import { ContractCheck } from './contract-check';
import { Http, World, bearer, buildWorld, expectProblem, startApi } from './harness';

/**
 * The contract a client relies on: one list envelope, PUT takes what GET gives, 415 and 405 refusals, and
 * the harness's own check (an answer that drifts from the document fails the test).
 */
describe('contract', () => {
  let app: INestApplication;
  let http: Http;
  let close: () => Promise<void>;
  let w: World;
  const admin = () => bearer(w.adminToken);

  beforeAll(async () => {
    ({ app, http, close } = await startApi());
    w = await buildWorld(http);
  });
  afterAll(async () => {
    await close();
  });

  describe('one list envelope', () => {
    it.each([
      '/api/units',
      '/api/categories',
      '/api/exports',
      '/api/users',
      '/api/enterprises',
      '/api/notifications',
    ])('%s answers { items, total, page, pageSize }', async (path) => {
      const res = await http.get(path).set(admin()).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
      expect(Array.isArray(res.body.items)).toBe(true);
      expect(res.body.page).toBe(1);
      expect(res.body.total).toBeGreaterThanOrEqual(res.body.items.length);
    });

    it('pages the units and categories, and refuses a page size out of bounds', async () => {
      const all = (await http.get('/api/units').set(admin()).expect(200)).body;
      expect(all.total).toBeGreaterThanOrEqual(7);
      const second = (await http.get('/api/units?page=2&pageSize=3').set(admin()).expect(200)).body;
      expect(second).toEqual({ items: all.items.slice(3, 6), total: all.total, page: 2, pageSize: 3 });
      const cats = (await http.get('/api/categories?pageSize=2').set(admin()).expect(200)).body;
      expect(cats.items).toHaveLength(2);
      expectProblem(await http.get('/api/categories?pageSize=101').set(admin()), 400, 'REQUEST.INVALID', [
        'pageSize',
      ]);
      expectProblem(await http.get('/api/units?page=0').set(admin()), 400, 'REQUEST.INVALID', ['page']);
    });

    it('answers the daily reports in the envelope', async () => {
      const res = await http.get('/api/daily-reports').set(admin()).expect(200);
      expect(res.body).toEqual(
        expect.objectContaining({ items: expect.any(Array), page: 1, pageSize: 1000 }),
      );
    });
  });

  describe('PUT takes what GET gives', () => {
    it('routing rules: the bare list GET answers, and the wrapped form', async () => {
      const rules = (await http.get('/api/routing-rules').set(admin()).expect(200)).body as RoutingRuleDto[];
      expect(Array.isArray(rules)).toBe(true);
      expect((await http.put('/api/routing-rules').set(admin()).send(rules).expect(200)).body).toEqual(rules);
      expect((await http.put('/api/routing-rules').set(admin()).send({ rules }).expect(200)).body).toEqual(
        rules,
      );
      // the bare list is validated like the wrapped one
      expectProblem(
        await http
          .put('/api/routing-rules')
          .set(admin())
          .send([{ ...rules[0], unitId: 'nope' }]),
        400,
        'REQUEST.INVALID',
        ['rules.0.unitId'],
      );
    });

    it('deadline policies: the bare list GET answers, and the wrapped form', async () => {
      const policies = (await http.get('/api/deadline-policies').set(admin()).expect(200))
        .body as DeadlinePolicyDto[];
      expect((await http.put('/api/deadline-policies').set(admin()).send(policies).expect(200)).body).toEqual(
        policies,
      );
      expect(
        (await http.put('/api/deadline-policies').set(admin()).send({ policies }).expect(200)).body,
      ).toEqual(policies);
      expectProblem(
        await http
          .put('/api/deadline-policies')
          .set(admin())
          .send('"x"')
          .set('Content-Type', 'application/json'),
        400,
        'REQUEST.INVALID',
      );
    });

    it('calendar: the object GET answers (its derived lists must agree with days), and { days }', async () => {
      const calendar = (await http.get('/api/calendar').set(admin()).expect(200)).body as WorkCalendarDto;
      expect((await http.put('/api/calendar').set(admin()).send(calendar).expect(200)).body).toEqual(
        calendar,
      );
      expect(
        (await http.put('/api/calendar').set(admin()).send({ days: calendar.days }).expect(200)).body,
      ).toEqual(calendar);
      expectProblem(
        await http
          .put('/api/calendar')
          .set(admin())
          .send({ ...calendar, holidays: [...calendar.holidays, '2099-01-01'] }),
        400,
        'REQUEST.INVALID',
        ['holidays'],
      );
      expect((await http.get('/api/calendar').set(admin()).expect(200)).body).toEqual(calendar);
    });
  });

  describe('refusals', () => {
    it('answers a body that is not JSON with 415 problem details', async () => {
      const res = await http
        .post('/api/units')
        .set(admin())
        .set('Content-Type', 'text/plain')
        .send('{"code":"x"}');
      expectProblem(res, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.detail).toMatch(/application\/json/);
      expectProblem(
        await http
          .post('/api/auth/login')
          .set('Content-Type', 'application/x-www-form-urlencoded')
          .send('username=admin&password=x'),
        415,
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      );
      expectProblem(
        await http
          .put('/api/calendar')
          .set(admin())
          .set('Content-Type', 'application/json; charset=klingon')
          .send('{}'),
        415,
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      );
    });

    it('answers a method a path does not take with 405 and Allow', async () => {
      const del = await http.delete(`/api/cases/${w.enterprise.id}`).set(admin());
      expectProblem(del, 405, 'REQUEST.METHOD_NOT_ALLOWED');
      expect(del.headers['allow']).toBe('GET, HEAD');
      const put = await http.put('/api/cases').set(admin()).send({});
      expectProblem(put, 405, 'REQUEST.METHOD_NOT_ALLOWED');
      expect(put.headers['allow']?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
      expect((await http.post('/api/health')).headers['allow']).toBe('GET, HEAD');
      // an unknown path is still a 404
      expectProblem(await http.delete('/api/nothing-here').set(admin()), 404, 'REQUEST.NOT_FOUND');
    });
  });

  describe('the harness checks every answer against the document', () => {
    it('finds an undeclared field, a wrong type and an undeclared status', () => {
      const check = ContractCheck.of(app);
      const unit = { id: w.town.id, code: 'x', name: 'y', kind: 'town', parentId: w.county.id, active: true };
      const json = { 'content-type': 'application/json; charset=utf-8' };
      expect(
        check.check('patch', `/api/units/${w.town.id}`, { status: 200, headers: json, body: unit }),
      ).toBeNull();
      expect(
        check.check('patch', `/api/units/${w.town.id}`, {
          status: 200,
          headers: json,
          body: { ...unit, secret: 1 },
        }),
      ).toMatch(/secret/);
      expect(
        check.check('patch', `/api/units/${w.town.id}`, {
          status: 200,
          headers: json,
          body: { ...unit, parentId: 'x' },
        }),
      ).toMatch(/parentId/);
      expect(check.check('get', '/api/units', { status: 200, headers: json, body: [unit] })).toMatch(
        /must be object/,
      );
      expect(check.check('get', '/api/health', { status: 418, headers: json, body: {} })).toMatch(
        /declares no 418/,
      );
    });
  });
});
