import { takeEarlyRequest } from './early-request';

type WithEarly = { __tzEarly?: { url: string; token: string; response: Promise<Response> }[] };

describe('takeEarlyRequest', () => {
  const g = globalThis as WithEarly;
  afterEach(() => delete g.__tzEarly);

  it('gives the early answer once, for the same URL and token only', async () => {
    const response = Promise.resolve({ ok: true } as Response);
    g.__tzEarly = [{ url: '/api/dashboard/summary?from=a&to=b', token: 't1', response }];
    expect(takeEarlyRequest('/api/dashboard/summary?from=a&to=c', 't1')).toBeNull();
    expect(takeEarlyRequest('/api/dashboard/summary?from=a&to=b', 't2')).toBeNull();
    expect(takeEarlyRequest('/api/dashboard/summary?from=a&to=b', null)).toBeNull();
    expect(takeEarlyRequest('/api/dashboard/summary?from=a&to=b', 't1')).toBe(response);
    expect(takeEarlyRequest('/api/dashboard/summary?from=a&to=b', 't1')).toBeNull();
  });

  it('is null when the early script did not run', () => {
    expect(takeEarlyRequest('/api/dashboard/summary', 't1')).toBeNull();
  });
});
