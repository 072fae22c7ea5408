/**
 * Prometheus metrics on the API's port (GET /metrics, outside /api, with the METRICS_TOKEN bearer), the
 * access log with the request id on every line of a request, and the liveness/readiness probes.
 */
import { INestApplication } from '@nestjs/common';
import { PinoNestLogger } from '@taizhang/logging';
import { Writable } from 'node:stream';
import { ADMIN_PASSWORD, Http, bearer, login, startApi } from './harness';

const TOKEN = 'metrics-token-for-the-test';

/** The value of one sample line (`name{labels} value`), or null if it is missing. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

describe('API metrics, access log and probes', () => {
  let api: { app: INestApplication; http: Http; close: () => Promise<void> };
  const written: string[] = [];

  beforeAll(async () => {
    // LOG_FORMAT=json (pino), captured: one object per line
    const sink = new Writable({
      write(chunk, _enc, cb) {
        written.push(...chunk.toString().trim().split('\n'));
        cb();
      },
    });
    api = await startApi(
      { METRICS_TOKEN: TOKEN },
      new PinoNestLogger({ level: 'log', service: 'api' }, sink),
    );
  });
  afterAll(async () => {
    await api?.close();
  });

  it('is not open to anyone: no token 401, a wrong one 401, the right one 200', async () => {
    const none = await api.http.get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await api.http.get('/metrics').set('Authorization', 'Bearer not-the-token-at-all')).status).toBe(
      401,
    );
    expect((await api.http.get('/metrics').set('Authorization', `Basic ${TOKEN}`)).status).toBe(401);
    expect((await api.http.post('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(405);
    const ok = await api.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    // without DATABASE_READ_URLS there are no replicas to report (read-replica.integration-spec has them)
    expect(ok.text).not.toContain('taizhang_db_replica_');
  });

  it('times requests by route template and status, and reports the pool', async () => {
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    for (const id of ids) expect((await api.http.get(`/api/cases/${id}`)).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await api.http.get('/api/health/live')).status).toBe(200);
    expect((await api.http.get('/api/no/such/thing')).status).toBe(404);
    // readiness reads the database: the pool holds a connection when /metrics is read right after (an idle
    // one is closed after its idle timeout, which a slow machine can reach between the requests above)
    expect((await api.http.get('/api/health/ready')).status).toBe(200);

    const text = (await api.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).text;
    // the template, never the raw URL: no case id appears
    for (const id of ids) expect(text).not.toContain(id);
    expect(
      sample(
        text,
        'taizhang_http_request_duration_seconds_count{method="GET",route="/api/cases/:id",status="401"}',
      ),
    ).toBe(2);
    expect(
      sample(
        text,
        'taizhang_http_request_duration_seconds_count{method="GET",route="/api/health/live",status="200"}',
      ),
    ).toBe(3);
    expect(
      sample(
        text,
        'taizhang_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}',
      ),
    ).toBe(1);
    const sum = sample(
      text,
      'taizhang_http_request_duration_seconds_sum{method="GET",route="/api/health/live",status="200"}',
    ) as number;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(5);
    const inf = sample(
      text,
      'taizhang_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/health/live",status="200"}',
    );
    expect(inf).toBe(3);
    expect(sample(text, 'taizhang_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'taizhang_db_pool_connections{state="waiting"}')).toBe(0);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('writes one access line per request, and every line of a request carries its id', async () => {
    const id = 'metrics-test-request-1';
    written.length = 0;
    const res = await api.http.get('/api/health/ready').set('X-Request-Id', id);
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe(id);
    const lines = written.map((l) => JSON.parse(l) as Record<string, unknown>);
    const access = lines.filter((l) => l['context'] === 'HTTP');
    expect(access).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'api',
        requestId: id,
        msg: expect.stringMatching(/^GET \/api\/health\/ready 200 \d+\.\d ms$/),
      }),
    ]);
    for (const l of lines) expect(l['requestId']).toBe(id);
  });

  it("carries the request id on a service's own line written after database work", async () => {
    const token = await login(api.http, 'admin', ADMIN_PASSWORD);
    written.length = 0;
    const id = 'metrics-test-request-2';
    const res = await api.http.post('/api/exports').set(bearer(token)).set('X-Request-Id', id).send({});
    expect(res.status).toBe(202);
    const lines = written.map((l) => JSON.parse(l) as Record<string, unknown>);
    const queued = lines.find((l) => String(l['msg']).includes(`export ${res.body.id as string} queued`));
    expect(queued).toMatchObject({ requestId: id, context: 'ExportsService' });
    expect(lines.find((l) => l['context'] === 'HTTP')).toMatchObject({
      requestId: id,
      msg: expect.stringMatching(/^POST \/api\/exports 202 /),
    });
  });

  it('replaces a request id it would not log as given (too long, or beyond [A-Za-z0-9_.-]) with its own', async () => {
    for (const given of ['x'.repeat(5000), '"},{"level":"fatal","msg":"forged', 'a b', '../../etc']) {
      written.length = 0;
      const res = await api.http.get('/api/health/live').set('X-Request-Id', given);
      const id = res.headers['x-request-id'];
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const lines = written.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l['requestId']).toBe(id);
      expect(written.join('\n')).not.toContain(given);
    }
  });

  it('keeps the route label to templates: a scanner’s random URLs add no series', async () => {
    const series = async () =>
      (await api.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text
        .split('\n')
        .filter((l) => l.startsWith('taizhang_http_request_duration_seconds_count{'));
    const token = await login(api.http, 'admin', ADMIN_PASSWORD);
    // one of each first, so the series the scan below could reuse exist
    await api.http.get('/nope/0');
    await api.http.get(`/api/cases/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`).set(bearer(token));
    await api.http.get('/api/cases/not-a-uuid').set(bearer(token));
    const before = await series();
    for (let i = 0; i < 20; i++) {
      const hex = Math.random().toString(16).slice(2, 10).padEnd(8, '0');
      await api.http.get(`/nope/${hex}/${i}?q=${hex}`);
      await api.http.get(`/api/cases/${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`).set(bearer(token));
      await api.http.get(`/api/cases/${hex}`).set(bearer(token));
    }
    const after = await series();
    expect(after.map((l) => l.replace(/ \d+$/, ''))).toEqual(before.map((l) => l.replace(/ \d+$/, '')));
    expect(after.join('\n')).not.toMatch(/route="[^"]*[0-9a-f]{8}/);
  });

  it('answers the probes: live and ready', async () => {
    expect((await api.http.get('/api/health/live')).body).toEqual({ status: 'ok' });
    expect((await api.http.get('/api/health/ready')).body).toEqual({ status: 'ok', db: 'up' });
  });
});
