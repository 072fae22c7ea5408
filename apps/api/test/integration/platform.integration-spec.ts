import { createDataSource } from '@taizhang/db';
import { ADMIN_PASSWORD, Http, login, startApi } from './harness';

describe('platform', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let http: Http;
  beforeAll(async () => {
    api = await startApi();
    http = api.http;
  });
  afterAll(() => api.close());

  describe('GET /api/health', () => {
    it('answers ok with db and redis up', async () => {
      const res = await http.get('/api/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', db: 'up', redis: 'up' });
    });
  });

  describe('POST /api/auth/login', () => {
    it('signs the admin in with ADMIN_PASSWORD (created on first start, hashed with argon2id)', async () => {
      const token = await login(http, 'admin', ADMIN_PASSWORD);
      const me = await http.get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body).toMatchObject({ username: 'admin', role: 'admin' });
      expect(me.body.password).toBeUndefined();
      const [row] = await api.ds.query(`SELECT password_hash FROM users WHERE username = 'admin'`);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('refuses a wrong password with 401 problem details', async () => {
      const res = await http.post('/api/auth/login').send({ username: 'admin', password: 'wrong' }).expect(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 401, code: 'AUTH.INVALID_CREDENTIALS', detail: 'Wrong username or password' });
    });

    it('throttles repeated failures for one user and address (429)', async () => {
      for (let i = 0; i < 5; i++) await http.post('/api/auth/login').send({ username: 'nobody-here', password: 'x' }).expect(401);
      const res = await http.post('/api/auth/login').send({ username: 'nobody-here', password: 'x' }).expect(429);
      expect(res.body.detail).toMatch(/Too many sign-in attempts: wait \d+ s/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('names missing fields (400)', async () => {
      const res = await http.post('/api/auth/login').send({ username: 'admin' }).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
    });
  });

  describe('requests', () => {
    it('refuses a missing or bad token with 401', async () => {
      await http.get('/api/cases').expect(401);
      const res = await http.get('/api/cases').set('Authorization', 'Bearer nonsense').expect(401);
      expect(res.body.detail).toMatch(/not valid/);
    });

    it('answers a body that is not JSON with 400 and says so', async () => {
      const token = await login(http, 'admin', ADMIN_PASSWORD);
      const res = await http.post('/api/units').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{not json').expect(400);
      expect(res.body.detail).toMatch(/not valid JSON/);
    });

    it('answers an unknown endpoint with 404 problem details', async () => {
      const token = await login(http, 'admin', ADMIN_PASSWORD);
      const res = await http.get('/api/nothing-here').set('Authorization', `Bearer ${token}`).expect(404);
      expect(res.body).toMatchObject({ status: 404, code: 'REQUEST.NOT_FOUND' });
    });

    it('refuses a path id that is not a UUID with 400 naming it', async () => {
      const token = await login(http, 'admin', ADMIN_PASSWORD);
      const res = await http.get('/api/cases/123').set('Authorization', `Bearer ${token}`).expect(400);
      expect(res.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    });

    it('echoes a request id', async () => {
      const res = await http.get('/api/health').set('X-Request-Id', 'abc-123');
      expect(res.headers['x-request-id']).toBe('abc-123');
    });
  });

  describe('GET /api/docs-json', () => {
    it('documents the error answers of every operation as problem details', async () => {
      const res = await http.get('/api/docs-json').expect(200);
      expect(res.body.components.schemas.ProblemDetails.required).toEqual(['type', 'title', 'status', 'detail', 'code']);
      const act = res.body.paths['/api/cases/{id}/actions'].post;
      for (const code of ['400', '401', '403', '404', '409', '503']) {
        expect(act.responses[code].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/ProblemDetails');
      }
      expect(act.responses['503'].headers['Retry-After']).toBeDefined();
      expect(res.body.paths['/api/cases'].post.requestBody.content['application/json'].schema.$ref).toMatch(/CreateCaseDto/);
    });

    it('describes every endpoint of the contract', async () => {
      const res = await http.get('/api/docs-json').expect(200);
      const paths = Object.keys(res.body.paths);
      for (const p of [
        '/api/auth/login',
        '/api/auth/me',
        '/api/units',
        '/api/users',
        '/api/categories',
        '/api/routing-rules',
        '/api/deadline-policies',
        '/api/enterprises',
        '/api/enterprises/{id}',
        '/api/cases',
        '/api/cases/{id}',
        '/api/cases/{id}/actions',
        '/api/cases/export.xlsx',
        '/api/dashboard/summary',
        '/api/health',
        '/api/calendar',
        '/api/notifications',
        '/api/notifications/{id}/read',
        '/api/notifications/read-all',
        '/api/daily-reports',
      ]) {
        expect(paths).toContain(p);
      }
    });
  });

  describe('schema', () => {
    it('has no difference between the entities and the migrations', async () => {
      const ds = createDataSource(process.env['DATABASE_URL'] as string);
      await ds.initialize();
      try {
        const sql = await ds.driver.createSchemaBuilder().log();
        expect(sql.upQueries.map((q) => q.query)).toEqual([]);
      } finally {
        await ds.destroy();
      }
    });

    it('refuses to truncate the audit ledger, even directly in the database', async () => {
      await expect(api.ds.query(`TRUNCATE case_events CASCADE`)).rejects.toThrow(/append-only/);
    });
  });
});
