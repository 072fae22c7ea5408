import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { outboxBacklog, poolGauge } from '@taizhang/db';
import { QUEUES } from '@taizhang/queue';
import type { Queue } from 'bullmq';
import { createServer, Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { withTimeout } from '../bounded';
import { APP_CONFIG, AppConfig } from '../config';

/** What is read from PostgreSQL and Redis on a scrape is kept this long (several Prometheus servers, retries). */
export const SCRAPE_CACHE_MS = 5000;
/** A scrape waits at most this long for the database or Redis; then the last values stay. */
const READ_LIMIT_MS = 2000;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

interface Backlog {
  outbox: { undelivered: number; oldestAgeSeconds: number } | null;
  queues: Record<string, Partial<Record<(typeof QUEUE_STATES)[number], number>>>;
}

/**
 * The worker's Prometheus registry: deadline lateness, notification deliveries, export durations (counted
 * as they happen), and, read on a scrape (cached for SCRAPE_CACHE_MS, each read bounded), the outbox
 * backlog, queue depths and the PostgreSQL pool.
 */
@Injectable()
export class WorkerMetrics implements OnModuleInit {
  readonly registry = new Registry();
  readonly deadlineLateness = new Histogram({
    name: 'taizhang_deadline_lateness_seconds',
    help: 'How long after its due time a missed deadline was handled, by deadline kind and path (job or sweep)',
    labelNames: ['kind', 'path'] as const,
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
    registers: [this.registry],
  });
  readonly notifications = new Counter({
    name: 'taizhang_notification_deliveries_total',
    help: 'Notifications handed to the outbound channel, by channel and outcome (sent, skipped, failed)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly exportDuration = new Histogram({
    name: 'taizhang_export_duration_seconds',
    help: 'Time to build one Excel export, by outcome (done, failed)',
    labelNames: ['outcome'] as const,
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });

  private cached: { at: number; value: Promise<Backlog> } | null = null;
  private last: Backlog = { outbox: null, queues: {} };

  constructor(
    private readonly ds: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry });
    // collect() runs with `this` bound to the gauge: this reaches the service
    const backlog = () => this.backlog();
    new Gauge({ ...poolGauge(this.ds), registers: [this.registry] });
    new Gauge({
      name: 'taizhang_outbox_undelivered',
      help: 'Outbox rows not yet handed to a queue (counted up to 100,000)',
      registers: [this.registry],
      async collect() {
        const b = await backlog();
        if (b.outbox) this.set(b.outbox.undelivered);
      },
    });
    new Gauge({
      name: 'taizhang_outbox_oldest_age_seconds',
      help: 'Age of the oldest undelivered outbox row (0 when there is none)',
      registers: [this.registry],
      async collect() {
        const b = await backlog();
        if (b.outbox) this.set(b.outbox.oldestAgeSeconds);
      },
    });
    new Gauge({
      name: 'taizhang_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        const b = await backlog();
        for (const [queue, counts] of Object.entries(b.queues)) {
          for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
  }

  /** The outbox and queue figures, read at most once per SCRAPE_CACHE_MS; a read that fails keeps the last. */
  backlog(): Promise<Backlog> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at >= SCRAPE_CACHE_MS) {
      this.cached = { at: now, value: this.read() };
    }
    return this.cached.value;
  }

  private async read(): Promise<Backlog> {
    const [outbox, ...queues] = await Promise.all([
      withTimeout(outboxBacklog(this.ds), READ_LIMIT_MS, 'outbox backlog').catch(() => this.last.outbox),
      ...Object.values(QUEUES).map(async (name) => {
        const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
        const counts = await withTimeout(
          queue.getJobCounts(...QUEUE_STATES),
          READ_LIMIT_MS,
          `queue ${name}`,
        ).catch(() => this.last.queues[name] ?? null);
        return [name, counts] as const;
      }),
    ]);
    const next: Backlog = { outbox, queues: {} };
    for (const [name, counts] of queues) if (counts) next.queues[name] = counts;
    this.last = next;
    return next;
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * A small HTTP listener for Prometheus: `GET /metrics` on WORKER_METRICS_PORT (0 = none). No sign-in:
 * bind it to the internal network only. A port already taken is a warning, not a failure: the worker's
 * jobs matter more than its metrics.
 */
@Injectable()
export class MetricsListener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: Server | null = null;

  constructor(
    private readonly metrics: WorkerMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const port = this.config.workerMetricsPort;
    if (!port) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res
          .writeHead(path === '/metrics' ? 405 : 404, { 'Content-Type': 'text/plain' })
          .end('GET /metrics\n');
        return;
      }
      this.metrics.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text),
        (err: unknown) =>
          res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${(err as Error).message}\n`),
      );
    });
    await new Promise<void>((resolve) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        this.logger.warn(`metrics listener not started on port ${port}: ${err.code ?? err.message}`);
        resolve();
      });
      server.listen(port, '0.0.0.0', () => {
        this.server = server;
        this.logger.log(`metrics on http://0.0.0.0:${port}/metrics`);
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
