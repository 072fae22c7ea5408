import { TimeoutError, settledWithin, withTimeout } from './bounded';

const never = () => new Promise<never>(() => undefined);
const after = <T>(ms: number, v: T) => new Promise<T>((r) => setTimeout(() => r(v), ms));

describe(withTimeout.name, () => {
  it('answers the result of a promise that settles in time', async () => {
    await expect(withTimeout(after(5, 'ok'), 1000, 'x')).resolves.toBe('ok');
    await expect(withTimeout(Promise.reject(new Error('boom')), 1000, 'x')).rejects.toThrow('boom');
  });

  it('gives up on a promise that never settles, naming what did not answer', async () => {
    const t0 = Date.now();
    await expect(withTimeout(never(), 50, 'Redis (an add)')).rejects.toThrow(
      new TimeoutError('Redis (an add)', 50),
    );
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe(settledWithin.name, () => {
  it.each([
    ['a resolved promise', () => after(5, 1), true],
    ['a rejected promise', () => Promise.reject(new Error('x')), true],
    ['nothing to wait for', () => null, true],
    ['a promise that never settles', never, false],
  ])('%s: settled = %p, never throwing', async (_what, make, expected) => {
    await expect(settledWithin(make(), 50)).resolves.toBe(expected);
  });
});
