import type { ExecutionContext } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Observable } from 'rxjs';
import { ApiError } from './errors';
import { REQUEST_DEADLINE_MS, RequestDeadline, within } from './request-deadline';

describe(within.name, () => {
  it('answers what the work answers when it settles in time', async () => {
    await expect(within(Promise.resolve(42), 1000)).resolves.toBe(42);
    await expect(within(Promise.reject(new Error('boom')), 1000)).rejects.toThrow('boom');
  });

  it('refuses with 503 UNAVAILABLE when the work hangs past the deadline', async () => {
    const hanging = new Promise<never>(() => undefined);
    const err = await within(hanging, 20).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('UNAVAILABLE');
    expect((err as ApiError).status).toBe(503);
  });
});

describe('RequestDeadline', () => {
  /** The interceptor with a fake clock around a handler that never answers. */
  function run(req: EventEmitter & { complete: boolean; is: (t: string) => boolean }) {
    const res = { headersSent: false };
    const context = {
      getType: () => 'http',
      switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }),
    } as unknown as ExecutionContext;
    const errors: unknown[] = [];
    new RequestDeadline().intercept(context, { handle: () => new Observable(() => undefined) }).subscribe({
      error: (e: unknown) => errors.push(e),
    });
    return errors;
  }
  const request = (multipart: boolean) =>
    Object.assign(new EventEmitter(), {
      complete: false,
      is: (t: string) => multipart && t === 'multipart/form-data',
    });

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('answers 503 when a request has no answer within the deadline', () => {
    const errors = run(request(false));
    jest.advanceTimersByTime(REQUEST_DEADLINE_MS + 1);
    expect((errors[0] as ApiError).code).toBe('UNAVAILABLE');
  });

  it('starts an upload’s clock only once its body is in (a slow phone is not cut off)', () => {
    const req = request(true);
    const errors = run(req);
    jest.advanceTimersByTime(REQUEST_DEADLINE_MS * 3);
    expect(errors).toEqual([]);
    req.emit('end');
    jest.advanceTimersByTime(REQUEST_DEADLINE_MS + 1);
    expect((errors[0] as ApiError).code).toBe('UNAVAILABLE');
  });
});
