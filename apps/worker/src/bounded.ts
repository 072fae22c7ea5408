/**
 * Bounds on waits. A promise that talks to Redis or PostgreSQL can stay pending for as long as an outage
 * lasts (ioredis queues commands while it reconnects; a quit waits for a connection that never comes), so
 * nothing in the worker awaits such a promise without one of these.
 */

export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms / 1000} s`);
    this.name = 'TimeoutError';
  }
}

/** The promise's result, or a TimeoutError after `ms` (the promise itself runs on; its rejection is swallowed). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  p.catch(() => undefined);
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Waits for the promise to settle, at most `ms`; answers whether it settled. Never rejects. */
export async function settledWithin(p: Promise<unknown> | null | undefined, ms: number): Promise<boolean> {
  if (!p) return true;
  try {
    await withTimeout(p, ms, 'wait');
    return true;
  } catch (err) {
    return !(err instanceof TimeoutError);
  }
}
