/**
 * The built API against dependencies that go down: a private PostgreSQL cluster stopped and started again,
 * a private Redis stopped. Requests that need what is down get 503 UNAVAILABLE with Retry-After (never 500,
 * never a hang), the API recovers without a restart, and SIGTERM ends it within 10 s whatever is down.
 */
import { PrivatePostgres, startPrivatePostgres, startPrivateRedis, until } from '@taizhang/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { IncomingMessage, get as httpGet } from 'node:http';
import { Client } from 'pg';
import request from 'supertest';
import {
  ADMIN_PASSWORD,
  Http,
  World,
  bearer,
  buildWorld,
  expectProblem,
  openCase,
  ownAddressAgent,
} from './harness';
import { REQUEST_DEADLINE_MS } from '../../src/core/request-deadline';
import { ApiProcess, spawnApi } from './processes';

jest.setTimeout(180_000);

/** Every request of an outage must be answered quickly: the pool's connection timeout is 5 s. */
const ANSWER_WITHIN_MS = 8000;

async function timed<T>(p: PromiseLike<T>): Promise<{ res: T; ms: number }> {
  const t0 = Date.now();
  const res = await p;
  return { res, ms: Date.now() - t0 };
}

function expectUnavailable(res: request.Response, ms: number, what: string): void {
  try {
    expectProblem(res, 503, 'UNAVAILABLE');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
  } catch (err) {
    throw new Error(`${what}: ${(err as Error).message}`);
  }
}

describe('PostgreSQL down', () => {
  let pg: PrivatePostgres;
  let api: ApiProcess | undefined;
  let http: Http;
  let w: World;
  let databaseUrl: string;
  const body = (w: World) => ({
    enterpriseId: w.enterprise.id,
    categoryCode: 'labor',
    title: '停库时开案',
    description: '数据库停了',
  });

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    databaseUrl = pg.url(`taizhang_test_outage_${randomBytes(3).toString('hex')}`);
    api = await spawnApi({ DATABASE_URL: databaseUrl });
    http = ownAddressAgent(api.url);
    w = await buildWorld(http);
    await openCase(http, w.tokens.instructor, w.enterprise.id);
  });

  afterAll(async () => {
    await api?.stop('SIGKILL');
    pg?.destroy();
  });

  it('answers intake, lists, dashboard and sign-in with 503 + Retry-After while PostgreSQL is stopped, and serves again once it is back', async () => {
    pg.stop();
    const calls: [string, () => PromiseLike<request.Response>][] = [
      ['POST /api/cases', () => http.post('/api/cases').set(bearer(w.tokens.instructor)).send(body(w))],
      [
        'POST /api/cases with a key',
        () =>
          http
            .post('/api/cases')
            .set(bearer(w.tokens.instructor))
            .set('Idempotency-Key', randomUUID())
            .send(body(w)),
      ],
      ['GET /api/cases', () => http.get('/api/cases').set(bearer(w.tokens.coordinator))],
      ['GET /api/dashboard/summary', () => http.get('/api/dashboard/summary').set(bearer(w.adminToken))],
      [
        'POST /api/auth/login',
        () => http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }),
      ],
      ['GET /api/enterprises', () => http.get('/api/enterprises').set(bearer(w.adminToken))],
    ];
    // twice: first on the pool's connections that PostgreSQL closed, then on connections it refuses
    for (let round = 0; round < 2; round++) {
      for (const [what, call] of calls) {
        const { res, ms } = await timed(call());
        expectUnavailable(res, ms, what);
      }
    }
    const health = await http.get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ db: 'down' });
    // the orchestrator's probes: still alive (no restart), but not ready for traffic
    expect((await http.get('/api/health/live')).status).toBe(200);
    const ready = await http.get('/api/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'error', db: 'down' });

    pg.start();
    await until('readiness to come back', async () => (await http.get('/api/health/ready')).status === 200);
    // no restart: the pool connects again by itself
    await until(
      'intake to work again',
      async () =>
        (await http.post('/api/cases').set(bearer(w.tokens.instructor)).send(body(w))).status === 201,
    );
    expect((await http.get('/api/cases').set(bearer(w.tokens.coordinator))).status).toBe(200);
    expect((await http.get('/api/dashboard/summary').set(bearer(w.adminToken))).status).toBe(200);
    expect(
      (await http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD })).status,
    ).toBe(200);
    expect(
      (
        await http
          .post('/api/cases')
          .set(bearer(w.tokens.instructor))
          .set('Idempotency-Key', randomUUID())
          .send(body(w))
      ).status,
    ).toBe(201);
  });

  it('stops on SIGTERM within 10 s in the middle of an export download the client has stopped reading', async () => {
    // enough rows (of text that does not compress away) for the workbook to outgrow every buffer on the way
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO cases (id, ledger_no, enterprise_id, category_code, title, description, priority, status, level, unit_id,
                            town_id, county_id, city_id, respond_by, resolve_by, opened_by_id, opened_at, updated_at, version)
         SELECT gen_random_uuid(), c.ledger_no || '-' || g, c.enterprise_id, c.category_code, md5(random()::text) || md5(random()::text),
                md5(random()::text), c.priority, c.status, c.level, c.unit_id, c.town_id, c.county_id, c.city_id, c.respond_by,
                c.resolve_by, c.opened_by_id, c.opened_at - g * interval '1 second', c.updated_at, c.version
           FROM (SELECT * FROM cases LIMIT 1) c, generate_series(1, 60000) g`,
      );
    } finally {
      await db.end();
    }
    const exporting = await spawnApi({ DATABASE_URL: databaseUrl });
    try {
      const paused = await new Promise<IncomingMessage>((resolve, reject) => {
        httpGet(`${exporting.url}/api/cases/export.xlsx`, { headers: bearer(w.adminToken) }, (res) => {
          res.pause(); // a client that stops reading mid-download
          resolve(res);
        }).on('error', reject);
      });
      expect(paused.statusCode).toBe(200);
      paused.on('error', () => undefined); // cut by the shutdown
      const ms = await exporting.stop('SIGTERM');
      expect(ms).toBeLessThan(10_000);
      // ended by its own shutdown (the stalled download closed), not by the exit deadline (exit code 1)
      expect(exporting.child.signalCode).toBe('SIGTERM');
    } finally {
      await exporting.stop('SIGKILL');
    }
  });

  it('bounds requests while PostgreSQL hangs (it accepts connections and answers nothing), and SIGTERM still stops the API within 10 s', async () => {
    const hanging = await spawnApi({ DATABASE_URL: databaseUrl });
    const h = ownAddressAgent(hanging.url);
    try {
      // connections in the pool, then a server that answers nothing on them or on new ones
      expect((await h.get('/api/cases').set(bearer(w.tokens.coordinator))).status).toBe(200);
      pg.freeze();
      const calls: [string, () => PromiseLike<request.Response>][] = [
        ['GET /api/cases', () => h.get('/api/cases').set(bearer(w.tokens.coordinator))],
        ['POST /api/cases', () => h.post('/api/cases').set(bearer(w.tokens.instructor)).send(body(w))],
        [
          'POST /api/auth/login',
          () => h.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }),
        ],
      ];
      const answers = await Promise.all(
        calls.map(async ([what, call]) => ({ what, ...(await timed(call())) })),
      );
      for (const { what, res, ms } of answers) {
        try {
          expectProblem(res, 503, 'UNAVAILABLE');
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
          expect(ms).toBeLessThan(REQUEST_DEADLINE_MS + 5000);
        } catch (err) {
          throw new Error(`${what}: ${(err as Error).message}`);
        }
      }
      const ms = await hanging.stop('SIGTERM');
      expect(ms).toBeLessThan(10_000);
      expect(hanging.child.signalCode).toBe('SIGTERM'); // its own shutdown, not the exit deadline
    } finally {
      pg.thaw();
      await hanging.stop('SIGKILL');
    }
  });

  it('stops on SIGTERM within 10 s while PostgreSQL is down', async () => {
    pg.stop();
    // requests in flight against the stopped database while the signal comes
    const inFlight = Array.from({ length: 5 }, () =>
      http
        .get('/api/cases')
        .set(bearer(w.tokens.coordinator))
        .then(
          (r) => r.status,
          () => 0,
        ),
    );
    const ms = await (api as ApiProcess).stop('SIGTERM');
    expect(ms).toBeLessThan(10_000);
    expect((api as ApiProcess).child.signalCode).toBe('SIGTERM');
    for (const status of await Promise.all(inFlight)) expect([0, 503]).toContain(status);
    api = undefined;
    pg.start();
  });
});

describe('Redis down', () => {
  it('answers the queue endpoints with 503 + Retry-After, keeps serving the ledger, and stops on SIGTERM within 10 s', async () => {
    const redis = await startPrivateRedis();
    let api: ApiProcess | undefined;
    try {
      api = await spawnApi({ REDIS_URL: redis.url });
      const http = ownAddressAgent(api.url);
      const admin = (
        await http.post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200)
      ).body.accessToken as string;
      expect((await http.get('/api/admin/jobs').set(bearer(admin))).status).toBe(200);
      expect((await http.get('/api/admin/queues/api/queues').set(bearer(admin))).status).toBe(200);
      await redis.stop();
      const { res, ms } = await timed(http.get('/api/admin/jobs').set(bearer(admin)));
      expectUnavailable(res, ms, 'GET /api/admin/jobs');
      const retry = await timed(http.post('/api/admin/jobs/deadlines/1/retry').set(bearer(admin)));
      expectUnavailable(retry.res, retry.ms, 'POST /api/admin/jobs/:queue/:id/retry');
      expect((await http.get('/api/health')).status).toBe(503);
      // the queue dashboard's own API says so too
      expect((await http.get('/api/admin/queues/api/queues').set(bearer(admin))).status).toBe(503);
      // what needs only PostgreSQL goes on
      expect((await http.get('/api/categories').set(bearer(admin))).status).toBe(200);
      const stopped = await api.stop('SIGTERM');
      expect(stopped).toBeLessThan(10_000);
      expect(api.child.signalCode).toBe('SIGTERM');
      api = undefined;
    } finally {
      await api?.stop('SIGKILL');
      await redis.stop().catch(() => undefined);
    }
  });
});
