import type { EnterpriseDto } from '@taizhang/contracts';
import { bearer, creditCode, expectProblem, useWorld } from './harness';

/** Hostile input is refused before any expensive work; answers carry the security headers; jurisdiction holds. */
describe('hardening', () => {
  const { api, http, w } = useWorld();

  const login = (body: string) =>
    http.post('/api/auth/login').set('Content-Type', 'application/json').send(body);

  describe('JSON bodies', () => {
    it('refuses 50,000 unknown keys at once, with a short answer', async () => {
      const body = JSON.stringify({
        username: 'admin',
        password: 'x',
        ...Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 1])),
      });
      expect(body.length).toBeGreaterThan(400_000);
      const t0 = Date.now();
      const res = await login(body);
      expect(Date.now() - t0).toBeLessThan(1_500); // 2–7 s before the limits
      expectProblem(res, 400, 'REQUEST.INVALID');
      expect(res.body.detail).toBe('The request body is refused: a JSON object with more than 200 keys');
      expect(JSON.stringify(res.body).length).toBeLessThan(500);
    });

    it('refuses deep nesting with a 400, not a stack overflow', async () => {
      const res = await login(`{"username":${'['.repeat(5000)}${']'.repeat(5000)}}`);
      expectProblem(res, 400, 'REQUEST.INVALID');
      expect(res.body.detail).toBe('The request body is refused: JSON nesting deeper than 32 levels');
    });

    it('refuses a list longer than 10,000 items', async () => {
      const res = await http
        .put('/api/routing-rules')
        .set(bearer(w.adminToken))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ rules: Array.from({ length: 10_001 }, () => 0) }));
      expectProblem(res, 400, 'REQUEST.INVALID');
      expect(res.body.detail).toMatch(/longer than 10000 items/);
    });

    it('refuses a body over 1 MB with a 413', async () => {
      const res = await login(JSON.stringify({ username: 'admin', password: 'x'.repeat(1_100_000) }));
      expectProblem(res, 413, 'REQUEST.TOO_LARGE');
    });

    it('answers many wrong fields with the first 20 and a count of the rest', async () => {
      const body = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`unknown${i}`, i]));
      const res = await http.post('/api/units').set(bearer(w.adminToken)).send(body);
      expectProblem(res, 400, 'REQUEST.INVALID');
      expect(res.body.errors).toHaveLength(20);
      expect(res.body.detail).toMatch(/; and \d+ more$/);
      expect(JSON.stringify(res.body).length).toBeLessThan(3_000);
    });
  });

  describe('headers', () => {
    it('sends helmet’s headers and no-store on every answer', async () => {
      for (const res of [
        await http.get('/api/auth/me').set(bearer(w.adminToken)),
        await http.get('/api/health'),
        await login('{}'),
      ]) {
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });
  });

  describe('jurisdiction', () => {
    const enterprise = (token: string, extra: Record<string, unknown>) =>
      http
        .post('/api/enterprises')
        .set(bearer(token))
        .send({
          name: `企业${Math.random()}`,
          creditCode: creditCode(),
          scale: 'below',
          industry: '',
          unitId: w.town.id,
          address: '',
          contactName: '',
          contactPhone: '',
          key: false,
          resumption: 'resumed',
          headcount: 1,
          returnedHeadcount: 1,
          instructorIds: [],
          ...extra,
        });

    it('refuses an instructor of another town, to a coordinator and to an admin, and creates nothing', async () => {
      const [{ n: before }] = await api.ds.query(`SELECT count(*)::int AS n FROM enterprises`);
      for (const token of [w.tokens.coordinator, w.adminToken]) {
        const res = await enterprise(token, { instructorIds: [w.users['otherInstructor']?.id] });
        expectProblem(res, 400, 'REQUEST.INVALID', ['instructorIds']);
        expect(res.body.detail).toMatch(/belong to the enterprise's town/);
      }
      const [{ n: after }] = await api.ds.query(`SELECT count(*)::int AS n FROM enterprises`);
      expect(after).toBe(before);
      const patch = await http
        .patch(`/api/enterprises/${w.enterprise.id}`)
        .set(bearer(w.tokens.coordinator))
        .send({ instructorIds: [w.users['otherInstructor']?.id] });
      expectProblem(patch, 400, 'REQUEST.INVALID', ['instructorIds']);
      await http.get(`/api/enterprises/${w.enterprise.id}`).set(bearer(w.tokens.otherInstructor)).expect(404);
    });

    it('accepts the town’s own instructor; a move to another town needs that town’s instructors', async () => {
      const created = await enterprise(w.adminToken, { instructorIds: [w.users['instructor']?.id] }).expect(
        201,
      );
      const id = (created.body as EnterpriseDto).id;
      const move = await http
        .patch(`/api/enterprises/${id}`)
        .set(bearer(w.adminToken))
        .send({ unitId: w.otherTown.id });
      expectProblem(move, 400, 'REQUEST.INVALID', ['instructorIds']);
      const moved = await http
        .patch(`/api/enterprises/${id}`)
        .set(bearer(w.adminToken))
        .send({ unitId: w.otherTown.id, instructorIds: [w.users['otherInstructor']?.id] })
        .expect(200);
      expect(moved.body.instructorIds).toEqual([w.users['otherInstructor']?.id]);
    });

    it('does not name an enterprise outside the caller’s jurisdiction in a duplicate credit code 409', async () => {
      const res = await enterprise(w.tokens.coordinator, { creditCode: w.otherEnterprise.creditCode });
      expectProblem(res, 409, 'ENTERPRISE.DUPLICATE', ['creditCode']);
      expect(res.body.detail).not.toContain(w.otherEnterprise.name);
      expect(res.body.detail).toMatch(/outside your jurisdiction/);
      const own = await enterprise(w.tokens.coordinator, { creditCode: w.enterprise.creditCode });
      expectProblem(own, 409, 'ENTERPRISE.DUPLICATE');
      expect(own.body.detail).toContain(w.enterprise.name);
    });

    it('bounds the jobs list’s paging (400, not Redis’ error)', async () => {
      for (const q of [
        'page=99999999999999999999',
        'page=10001',
        'page=100&pageSize=200',
        'page=-1',
        'pageSize=0',
      ]) {
        const res = await http.get(`/api/admin/jobs?${q}`).set(bearer(w.adminToken));
        expectProblem(res, 400, 'REQUEST.INVALID');
      }
      await http.get('/api/admin/jobs?page=50&pageSize=200').set(bearer(w.adminToken)).expect(200);
    });
  });
});
