import { timingSafeEqual } from 'node:crypto';
import { poolUse } from '@taizhang/db';
import type { NextFunction, Request, Response } from 'express';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';

/** Seconds; a request is answered within 20 s (RequestDeadline). */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

/** The route template a request matched (`/api/cases/:id`), never the raw URL: label values stay bounded. */
export function routeOf(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
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

  constructor(ds: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'taizhang_db_pool_connections',
      help: 'PostgreSQL pool of this process: total connections, idle ones, and queries waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const use = poolUse(ds);
        this.set({ state: 'total' }, use.total);
        this.set({ state: 'idle' }, use.idle);
        this.set({ state: 'waiting' }, use.waiting);
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
