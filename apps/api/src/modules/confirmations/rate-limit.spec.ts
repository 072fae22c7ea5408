import { FixedWindowLimiter } from './rate-limit';

describe(FixedWindowLimiter.name, () => {
  it('lets `limit` requests a window through per key, then says how long to wait', () => {
    const l = new FixedWindowLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect([l.take('a', t0), l.take('a', t0 + 1), l.take('a', t0 + 2)]).toEqual([0, 0, 0]);
    expect(l.take('a', t0 + 10_000)).toBe(50);
    expect(l.take('b', t0 + 10_000)).toBe(0);
    expect(l.take('a', t0 + 60_000)).toBe(0);
  });

  it('stays bounded in memory whatever the number of addresses', () => {
    const l = new FixedWindowLimiter(1, 60_000, 100);
    for (let i = 0; i < 1000; i++) expect(l.take(`k${i}`, 5)).toBe(0);
    expect((l as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(100);
  });
});
