import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { ApiMetrics, metricsEndpoint, routeOf } from './metrics';

function fakeRes() {
  const res = {
    statusCode: 200,
    headers: {} as Record<string, string>,
    body: '',
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    type() {
      return res;
    },
    setHeader(k: string, v: string) {
      res.headers[k.toLowerCase()] = v;
      return res;
    },
    send(b: string) {
      res.body = b;
      return res;
    },
  };
  return res;
}

const metrics = new ApiMetrics({ driver: {} } as unknown as DataSource);

describe(metricsEndpoint.name, () => {
  const req = (path: string, auth?: string) =>
    ({ path, method: 'GET', headers: auth ? { authorization: auth } : {} }) as unknown as Request;

  it('serves no metrics while METRICS_TOKEN is empty (404), whatever the client sends', () => {
    const res = fakeRes();
    metricsEndpoint(metrics, '')(req('/metrics', 'Bearer '), res as unknown as Response, () => undefined);
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({
      status: 404,
      detail: expect.stringMatching(/METRICS_TOKEN/),
    });
  });

  it('passes every other path on', () => {
    const next = jest.fn();
    metricsEndpoint(metrics, 'a-token-of-enough-length')(
      req('/api/metrics'),
      fakeRes() as unknown as Response,
      next,
    );
    expect(next).toHaveBeenCalledWith();
  });
});

describe(routeOf.name, () => {
  it.each([
    [{ baseUrl: '', route: { path: '/api/cases/:id' } }, '/api/cases/:id'],
    [{ baseUrl: '/api/admin/queues', route: { path: '/api/queues' } }, '/api/admin/queues/api/queues'],
    [{ baseUrl: '' }, 'unmatched'],
  ])('labels %j as %s (a template, never the raw URL)', (req, route) => {
    expect(routeOf(req as unknown as Request)).toBe(route);
  });
});
