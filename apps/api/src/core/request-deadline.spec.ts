import { ApiError } from './errors';
import { within } from './request-deadline';

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
