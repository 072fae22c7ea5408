import { timingSafeEqual } from 'node:crypto';
import { poolGauge, replicaCounters, replicaPoolUse, setPoolUse } from '@taizhang/db';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';

/** Seconds; a request is answered within 20 s (RequestDeadline). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

/** The route template a request matched (`/api/cases/:id`), never the raw URL: label values stay bounded. */
export function routeOf(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
}

/** What the metrics read of the read routing (ReadRouting). */
export interface ReplicaState {
  readonly configured: boolean;
  /** Process clock (ms) of the newest primary WAL sample every replica has replayed; 0 = none yet. */
  readonly freshAsOf: number;
  /** Whether the last check reached every replica. */
  readonly reachable: boolean;
}

/** The API's Prometheus registry: one per application (the integration tests run several in one process). */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly http = new Histogram({
    name: 'taizhang_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status, from arrival to the last byte sent',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  /**
   * `replicas`: the read routing (core/read-routing.ts), when DATABASE_READ_URLS names read replicas: their
   * pools, how stale they are, and how many statements they answered or sent back to the primary.
   */
  constructor(ds: DataSource, replicas?: ReplicaState) {
    collectDefaultMetrics({ register: this.registry });
    if (replicas?.configured) this.replicaMetrics(ds, replicas);
    new Gauge({ ...poolGauge(ds), registers: [this.registry] });
  }

  private replicaMetrics(ds: DataSource, replicas: ReplicaState): void {
    new Gauge({
      name: 'taizhang_db_replica_pool_connections',
      help: 'PostgreSQL pools to the read replicas (DATABASE_READ_URLS, in order): total connections, idle ones, and queries waiting for one',
      labelNames: ['replica', 'state'] as const,
      registers: [this.registry],
      collect() {
        replicaPoolUse(ds).forEach((use, i) => setPoolUse(this, use, { replica: String(i) }));
      },
    });
    new Gauge({
      name: 'taizhang_db_replica_staleness_seconds',
      help: 'how far behind the primary the read replicas may be: seconds since the newest primary WAL sample they have all replayed (+Inf before the first; reads go to the primary above DATABASE_READ_MAX_LAG_MS)',
      registers: [this.registry],
      collect() {
        const fresh = replicas.freshAsOf;
        this.set(fresh > 0 ? Math.max(0, Date.now() - fresh) / 1000 : Number.POSITIVE_INFINITY);
      },
    });
    new Gauge({
      name: 'taizhang_db_replica_up',
      help: 'whether the last check (every 500 ms) reached every read replica, in recovery: 1, else 0 (reads go to the primary)',
      registers: [this.registry],
      collect() {
        this.set(replicas.reachable ? 1 : 0);
      },
    });
    new Counter({
      name: 'taizhang_db_replica_statements_total',
      help: 'statements answered by a read replica (outcome=replica), and those it could not answer that went to the primary (outcome=fallback)',
      labelNames: ['outcome'] as const,
      registers: [this.registry],
      collect() {
        // process-wide counts kept by libs/db's read routing: the counter shows them as they are
        this.reset();
        this.inc({ outcome: 'replica' }, replicaCounters.replicaStatements);
        this.inc({ outcome: 'fallback' }, replicaCounters.fallbacks);
      },
    });
  }

  /** Times every request that reaches it; the route and status are read when the answer is finished. */
  observe(req: Request, status: number, seconds: number): string {
    const route = routeOf(req);
    this.http.observe({ method: req.method, route, status: String(status) }, seconds);
    return route;
  }
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` on the API's own port, outside `/api` and its sign-in: Prometheus sends
 * `Authorization: Bearer <METRICS_TOKEN>`. Without a configured token the API serves no metrics (404), so
 * nothing about the process is ever open to anyone.
 */
export function metricsEndpoint(metrics: ApiMetrics, token: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path !== '/metrics' && req.path !== '/metrics/') return next();
    const problem = (status: number, title: string, detail: string) => {
      res.status(status).type('application/problem+json').setHeader('Cache-Control', 'no-store');
      if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.send(JSON.stringify({ type: 'about:blank', title, status, detail }));
    };
    if (!token) return problem(404, 'Not Found', 'metrics are off: set METRICS_TOKEN to serve them');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return problem(405, 'Method Not Allowed', 'use GET /metrics');
    const auth = req.headers.authorization ?? '';
    const given = /^Bearer (.+)$/i.exec(auth)?.[1] ?? '';
    if (!given || !sameToken(given, token)) {
      return problem(401, 'Unauthorized', 'send Authorization: Bearer <METRICS_TOKEN>');
    }
    metrics.registry.metrics().then(
      (text) => {
        res.status(200).type(metrics.registry.contentType).setHeader('Cache-Control', 'no-store');
        res.send(text);
      },
      (err: unknown) => next(err),
    );
  };
}
