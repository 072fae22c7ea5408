/**
 * The worker's Prometheus listener against the real database and Redis: the outbox backlog (count and the
 * age of the oldest row) and the queue depths are read on a scrape, and cached for a few seconds.
 */
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { JOBS, QUEUES } from '@taizhang/queue';
import {
  createTestEnvironment,
  dropTestEnvironment,
  eventually,
  freePort,
  seedMinimalWorld,
} from '@taizhang/testing';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { SCRAPE_CACHE_MS } from '../../src/metrics/worker-metrics';
import { OutboxRelayService } from '../../src/relay/outbox-relay.service';
import { openCaseDirect, startWorker } from './harness';
import { DeadlineService } from '../../src/deadlines/deadline.service';
import { NotificationService } from '../../src/notifications/notification.service';

jest.setTimeout(60_000);

/** The value of one sample line (`name{labels} value`), or null if it is missing. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

describe('worker metrics (GET /metrics on WORKER_METRICS_PORT)', () => {
  let env: { databaseUrl: string; redisPrefix: string };
  let app: INestApplicationContext;
  let ds: DataSource;
  let url: string;

  beforeAll(async () => {
    // a database of its own: no other worker of the run may deliver the rows this test leaves in the outbox
    env = await createTestEnvironment();
    const port = await freePort();
    url = `http://127.0.0.1:${port}/metrics`;
    app = await startWorker(
      {},
      { DATABASE_URL: env.databaseUrl, REDIS_PREFIX: env.redisPrefix, WORKER_METRICS_PORT: String(port) },
    );
    ds = app.get(DataSource);
    // the relay stops, so the rows below stay undelivered
    await app.get(OutboxRelayService).beforeApplicationShutdown();
  });
  afterAll(async () => {
    await app?.close();
    if (env) await dropTestEnvironment(env.databaseUrl, env.redisPrefix);
  });

  const scrape = async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text();
  };

  it('reports the undelivered outbox, the age of its oldest row, queue depths and the pool', async () => {
    await ds.query(
      `INSERT INTO outbox (queue, name, job_id, payload, run_at, created_at)
       SELECT 'notifications', '${JOBS.notificationSend}', 'metrics-test-' || g, '{}'::jsonb, now() + interval '1 hour',
              now() - make_interval(secs => 90 - g)
         FROM generate_series(0, 2) g`,
    );
    const queue = app.get<Queue>(getQueueToken(QUEUES.notifications));
    await queue.add(
      JOBS.notificationSend,
      { notificationId: 'later-1' },
      {
        delay: 3_600_000,
        jobId: 'metrics-delayed-1',
      },
    );
    await queue.add(
      JOBS.notificationSend,
      { notificationId: 'later-2' },
      {
        delay: 3_600_000,
        jobId: 'metrics-delayed-2',
      },
    );

    // read on a scrape, kept for SCRAPE_CACHE_MS: the new figures show within that
    const text = await eventually(
      'the outbox and queue figures in a scrape',
      async () => {
        const t = await scrape();
        return sample(t, 'taizhang_outbox_undelivered') === 3 &&
          sample(t, 'taizhang_queue_jobs{queue="notifications",state="delayed"}') === 2
          ? t
          : null;
      },
      SCRAPE_CACHE_MS + 10_000,
      250,
    );
    const age = sample(text, 'taizhang_outbox_oldest_age_seconds') as number;
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(90 + 60);
    for (const q of Object.values(QUEUES)) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(sample(text, `taizhang_queue_jobs{queue="${q}",state="${state}"}`)).not.toBeNull();
      }
    }
    expect(sample(text, 'taizhang_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'taizhang_db_pool_connections{state="waiting"}')).toBe(0);
    // the histograms and counters of the work are declared, by their names
    for (const name of [
      'taizhang_deadline_lateness_seconds',
      'taizhang_notification_deliveries_total',
      'taizhang_export_duration_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }

    // delivered rows leave the gauges (after the cache expires)
    await ds.query(`UPDATE outbox SET delivered_at = now() WHERE job_id LIKE 'metrics-test-%'`);
    await eventually(
      'an empty outbox in a scrape',
      async () => {
        const t = await scrape();
        return (
          sample(t, 'taizhang_outbox_undelivered') === 0 &&
          sample(t, 'taizhang_outbox_oldest_age_seconds') === 0
        );
      },
      SCRAPE_CACHE_MS + 10_000,
      250,
    );
  });

  it('observes how late each handled deadline was, by kind and path (job or sweep)', async () => {
    const world = await seedMinimalWorld((sql, params) => ds.query(sql, params));
    const ago = (s: number) => new Date(Date.now() - s * 1000);
    const later = new Date(Date.now() + 3_600_000);
    const byJob = await openCaseDirect(ds, world, ago(30), later, { outbox: false });
    await openCaseDirect(ds, world, ago(120), later, { outbox: false });
    const [row] = await ds.query(`SELECT respond_by FROM cases WHERE id = $1`, [byJob]);
    const deadlines = app.get(DeadlineService);
    const out = await deadlines.check({
      caseId: byJob,
      deadline: 'respond',
      dueAt: new Date(row.respond_by).toISOString(),
      requestId: 'metrics-test',
    });
    expect(out.result).toBe('done');
    expect(await deadlines.sweep()).toBe(1); // the other case: no job ever ran for it

    const text = await scrape();
    const series = (path: string, what: string) =>
      sample(text, `taizhang_deadline_lateness_seconds_${what}{kind="respond",path="${path}"}`);
    expect(series('job', 'count')).toBe(1);
    expect(series('job', 'sum')).toBeGreaterThanOrEqual(30);
    expect(series('job', 'sum')).toBeLessThan(30 + 60);
    expect(series('sweep', 'count')).toBe(1);
    expect(series('sweep', 'sum')).toBeGreaterThanOrEqual(120);
    expect(series('sweep', 'sum')).toBeLessThan(120 + 60);
    expect(sample(text, 'taizhang_deadline_lateness_seconds_count{kind="resolve",path="job"}')).toBeNull();
  });

  it('counts notification deliveries by channel and outcome', async () => {
    const [n] = await ds.query(
      `SELECT id FROM notifications WHERE sent_at IS NULL ORDER BY created_at LIMIT 1`,
    );
    expect(n).toBeTruthy(); // the missed deadlines above told someone
    const notifications = app.get(NotificationService);
    expect((await notifications.send({ notificationId: n.id, requestId: 'metrics-test' })).result).toBe(
      'done',
    );
    expect((await notifications.send({ notificationId: n.id, requestId: 'metrics-test' })).result).toBe(
      'skipped',
    );
    const text = await scrape();
    expect(sample(text, 'taizhang_notification_deliveries_total{channel="log",outcome="sent"}')).toBe(1);
    expect(sample(text, 'taizhang_notification_deliveries_total{channel="log",outcome="skipped"}')).toBe(1);
  });

  it('answers 404 to any other path and 405 to other methods', async () => {
    expect((await fetch(url.replace('/metrics', '/other'))).status).toBe(404);
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
  });
});
