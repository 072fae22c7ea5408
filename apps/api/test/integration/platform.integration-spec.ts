import { createDataSource } from '@taizhang/db';
import { randomBytes } from 'node:crypto';
import { ADMIN_PASSWORD, Http, PASSWORD, clientAddress, login, startApi } from './harness';

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

    // Wrong passwords only for user names of this test's own (the throttle counts per name for the whole
    // run); every sign-in request comes from an address of its own (see startApi).
    const ownUser = async (): Promise<string> => {
      const username = `own_${randomBytes(4).toString('hex')}`;
      const token = await login(http, 'admin', ADMIN_PASSWORD);
      await http
        .post('/api/users')
        .set('Authorization', `Bearer ${token}`)
        .send({ username, password: PASSWORD, displayName: username, role: 'admin' })
        .expect(201);
      return username;
    };

    it("refuses a wrong password with 401 problem details (counted on an address of its own, not on the run's loopback)", async () => {
      const username = await ownUser();
      const loopback = () =>
        api.ds.query(
          `SELECT key, failures FROM login_throttle WHERE key IN ('a:127.0.0.1', 'a:::ffff:127.0.0.1', 'a:::1') ORDER BY key`,
        );
      const before = await loopback();
      const res = await http.post('/api/auth/login').send({ username, password: 'wrong' }).expect(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 401,
        code: 'AUTH.INVALID_CREDENTIALS',
        detail: 'Wrong username or password',
      });
      expect(await loopback()).toEqual(before);
      const [own] = await api.ds.query(
        `SELECT key FROM login_throttle WHERE key LIKE 'a:2001:db8::%' ORDER BY updated_at DESC LIMIT 1`,
      );
      expect(own).toBeDefined();
    });

    it('throttles repeated failures for one user and address (429)', async () => {
      const username = `nobody_${randomBytes(4).toString('hex')}`;
      const from = clientAddress();
      const attempt = () =>
        http.post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password: 'x' });
      for (let i = 0; i < 5; i++) await attempt().expect(401);
      // After the free attempts the wait doubles (1, 2, 4 … s): an attempt that arrives after the wait is
      // counted (401) and doubles it again, so on a slow machine the 429 comes at most a few attempts later.
      let res = await attempt();
      for (let i = 0; i < 6 && res.status === 401; i++) res = await attempt();
      expect(res.status).toBe(429);
      expect(res.body.detail).toMatch(/Too many sign-in attempts: wait \d+ s/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('names missing fields (400)', async () => {
      const res = await http.post('/api/auth/login').send({ username: 'admin' }).expect(400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'password' })]),
      );
    });

    it('does not count a malformed sign-in body as an attempt, on the user name or on the address', async () => {
      const username = await ownUser();
      const from = clientAddress();
      const keys = [`u:${username}`, `a:${from}`];
      const counted = async () =>
        await api.ds.query<{ key: string; failures: number }[]>(
          `SELECT key, failures FROM login_throttle WHERE key = ANY($1) ORDER BY key`,
          [keys],
        );
      const malformed: (object | string)[] = [
        { username },
        { username, password: '' },
        { username, password: 123 },
        { username, password: PASSWORD, extra: 1 },
        { username, password: 'x'.repeat(201) },
        '{"username":',
      ];
      // more than both limits (5 per name, 20 per address), each refused before the throttle is asked
      for (let round = 0; round < 5; round++) {
        for (const body of malformed) {
          const req = http
            .post('/api/auth/login')
            .set('X-Forwarded-For', from)
            .set('Content-Type', 'application/json');
          await req.send(typeof body === 'string' ? body : JSON.stringify(body)).expect(400);
        }
      }
      expect(await counted()).toEqual([]);
      // a well-formed wrong guess is counted, on both keys (so the keys above are the throttle's)
      await http
        .post('/api/auth/login')
        .set('X-Forwarded-For', from)
        .send({ username, password: 'wrong-guess-1' })
        .expect(401);
      expect(await counted()).toEqual([
        { key: `a:${from}`, failures: 1 },
        { key: `u:${username}`, failures: 1 },
      ]);
      await http
        .post('/api/auth/login')
        .set('X-Forwarded-For', from)
        .send({ username, password: PASSWORD })
        .expect(200);
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
      const res = await http
        .post('/api/units')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send('{not json')
        .expect(400);
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
      expect(res.body.components.schemas.ProblemDetails.required).toEqual([
        'type',
        'title',
        'status',
        'detail',
        'code',
      ]);
      const act = res.body.paths['/api/cases/{id}/actions'].post;
      for (const code of ['400', '401', '403', '404', '409', '503']) {
        expect(act.responses[code].content['application/problem+json'].schema.$ref).toBe(
          '#/components/schemas/ProblemDetails',
        );
      }
      expect(act.responses['503'].headers['Retry-After']).toBeDefined();
      expect(res.body.paths['/api/cases'].post.requestBody.content['application/json'].schema.$ref).toMatch(
        /CreateCaseDto/,
      );
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

    it('gives the rows a case change appends time-ordered ids (UUID v7, made by the database)', async () => {
      const before = Date.now();
      const [{ a, b }]: { a: string; b: string }[] = await api.ds.query(
        `SELECT uuid_v7() AS a, uuid_v7() AS b`,
      );
      const after = Date.now();
      for (const id of [a, b]) {
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
        // the database's clock is this machine's
        expect(ms).toBeGreaterThanOrEqual(before - 1000);
        expect(ms).toBeLessThanOrEqual(after + 1000);
      }
      expect(a).not.toBe(b);
      const defaults: { table_name: string; column_default: string }[] = await api.ds.query(
        `SELECT table_name, column_default FROM information_schema.columns
          WHERE column_name = 'id' AND table_schema = 'public'
            AND table_name IN ('case_events', 'case_hops', 'notifications', 'notification_deliveries', 'delivery_attempts')`,
      );
      expect(defaults).toHaveLength(5);
      for (const d of defaults) expect(d.column_default).toBe('uuid_v7()');
    });

    it('refuses to truncate the audit ledger, even directly in the database', async () => {
      await expect(api.ds.query(`TRUNCATE case_events CASCADE`)).rejects.toThrow(/append-only/);
    });
  });
});
