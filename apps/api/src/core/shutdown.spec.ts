import { CallHandler, ExecutionContext } from '@nestjs/common';
import { Observable, Subject, lastValueFrom } from 'rxjs';
import { ApiError } from './errors';
import { REQUEST_DEADLINE_MS, RequestDeadline } from './request-deadline';
import { settleWithin } from './shutdown';

describe(settleWithin.name, () => {
  it.each([
    ['done', () => Promise.resolve(1)],
    ['failed', () => Promise.reject(new Error('closed'))],
    ['timeout', () => new Promise(() => undefined)],
  ])('says %s', async (outcome, p) => {
    expect(await settleWithin(p(), 20)).toBe(outcome);
  });
});

describe(RequestDeadline.name, () => {
  const context = (res: { headersSent: boolean }) =>
    ({
      getType: () => 'http',
      switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({}) }),
    }) as unknown as ExecutionContext;
  const handler = (source: Observable<unknown>): CallHandler => ({ handle: () => source });

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('answers 503 UNAVAILABLE when nothing was sent within the deadline', async () => {
    const out = lastValueFrom(
      new RequestDeadline().intercept(context({ headersSent: false }), handler(new Subject())),
    );
    jest.advanceTimersByTime(REQUEST_DEADLINE_MS);
    const err = await out.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(503);
    expect((err as ApiError).code).toBe('UNAVAILABLE');
  });

  it('passes a timely answer through', async () => {
    const source = new Subject<string>();
    const out = lastValueFrom(
      new RequestDeadline().intercept(context({ headersSent: false }), handler(source)),
    );
    jest.advanceTimersByTime(REQUEST_DEADLINE_MS - 1);
    source.next('ok');
    source.complete();
    expect(await out).toBe('ok');
  });

  it('leaves a response already under way (a download) to finish', async () => {
    const source = new Subject<string>();
    const out = lastValueFrom(
      new RequestDeadline().intercept(context({ headersSent: true }), handler(source)),
    );
    jest.advanceTimersByTime(REQUEST_DEADLINE_MS * 3);
    source.next('done');
    source.complete();
    expect(await out).toBe('done');
  });
});
