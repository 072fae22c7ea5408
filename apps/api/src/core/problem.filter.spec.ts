import { ArgumentsHost, BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ApiError } from './errors';
import { ProblemDetailsFilter } from './problem.filter';

function respond(exception: unknown): {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
} {
  const out = { status: 0, body: {} as Record<string, unknown>, headers: {} as Record<string, string> };
  const res = {
    headersSent: false,
    setHeader(name: string, value: string) {
      out.headers[name.toLowerCase()] = value;
    },
    status(s: number) {
      out.status = s;
      return this;
    },
    type() {
      return this;
    },
    json(b: Record<string, unknown>) {
      out.body = b;
    },
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => res,
      getRequest: () => ({ originalUrl: '/api/x', method: 'GET', headers: {} }),
    }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return out;
}

describe(ProblemDetailsFilter.name, () => {
  it('writes an ApiError as problem details with its code and field errors', () => {
    const { status, body } = respond(ApiError.invalid('title', 'must not be blank'));
    expect(status).toBe(400);
    expect(body).toMatchObject({
      status: 400,
      title: 'Bad Request',
      code: 'REQUEST.INVALID',
      errors: [{ field: 'title', message: 'must not be blank' }],
      instance: '/api/x',
    });
    expect(body['type']).toMatch(/^https:\/\//);
  });

  it('says an unknown route is no such endpoint', () => {
    const { status, body } = respond(new NotFoundException('Cannot GET /api/nope'));
    expect(status).toBe(404);
    expect(body['detail']).toBe('No such endpoint: GET /api/nope');
  });

  it('explains a body that is not JSON', () => {
    const { body } = respond(new BadRequestException('Unexpected token } in JSON at position 5'));
    expect(body['detail']).toMatch(/^The request body is not valid JSON/);
  });

  it.each([
    ['23505', 409],
    ['23503', 409],
    ['22P02', 400],
  ])('turns database error %s into %i, not 500', (code, status) => {
    const err = new QueryFailedError('SELECT 1', [], Object.assign(new Error('db'), { code }));
    expect(respond(err).status).toBe(status);
  });

  it.each([
    [
      'PostgreSQL refusing connections',
      new QueryFailedError(
        'SELECT 1',
        [],
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
      'PostgreSQL',
    ],
    [
      'PostgreSQL shutting down',
      new QueryFailedError(
        'SELECT 1',
        [],
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
      'PostgreSQL',
    ],
    ['the pool out of time', new Error('timeout exceeded when trying to connect'), 'PostgreSQL'],
    ['Redis down', new Error("Stream isn't writeable and enableOfflineQueue options is false"), 'Redis'],
    ['our own UNAVAILABLE', new ApiError('UNAVAILABLE', 'Redis is not answering'), 'Redis'],
  ])('answers %s with 503 UNAVAILABLE and Retry-After, not 500', (_what, err, dependency) => {
    const { status, body, headers } = respond(err);
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 503, code: 'UNAVAILABLE', title: 'Service Unavailable' });
    expect(body['detail']).toContain(dependency);
    expect(Number(headers['retry-after'])).toBeGreaterThan(0);
  });

  it('hides the details of an unexpected error behind a 500', () => {
    const { status, body } = respond(new Error('secret stack'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret');
  });
});
