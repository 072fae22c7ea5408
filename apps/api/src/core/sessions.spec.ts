import { within as withDeadline } from './request-deadline';
import { SessionState, SessionStateCache } from './sessions';

const state = (id: string, sessionVersion = 1): SessionState => ({
  id,
  username: id,
  role: 'coordinator',
  unitId: null,
  active: true,
  sessionVersion,
  mustChangePassword: false,
});

describe(SessionStateCache.name, () => {
  function setup(max = 10) {
    let now = 0;
    const loads: string[] = [];
    const rows = new Map<string, SessionState>();
    const cache = new SessionStateCache(
      async (id) => {
        loads.push(id);
        return rows.get(id) ?? null;
      },
      2_000,
      max,
      () => now,
    );
    return { cache, loads, rows, tick: (ms: number) => (now += ms) };
  }

  it('reads a user once per TTL, then again (a change is seen within the TTL)', async () => {
    const { cache, loads, rows, tick } = setup();
    rows.set('a', state('a', 1));
    expect((await cache.get('a'))?.sessionVersion).toBe(1);
    rows.set('a', state('a', 2));
    tick(1_999);
    expect((await cache.get('a'))?.sessionVersion).toBe(1);
    tick(1);
    expect((await cache.get('a'))?.sessionVersion).toBe(2);
    expect(loads).toEqual(['a', 'a']);
  });

  it('shares one read among concurrent misses of the same user', async () => {
    const { cache, loads, rows } = setup();
    rows.set('a', state('a'));
    await Promise.all([cache.get('a'), cache.get('a'), cache.get('a')]);
    expect(loads).toEqual(['a']);
  });

  it('remembers an unknown user as null, and forgets a user when told', async () => {
    const { cache, loads, rows } = setup();
    expect(await cache.get('ghost')).toBeNull();
    rows.set('a', state('a', 1));
    await cache.get('a');
    rows.set('a', state('a', 5));
    cache.forget('a');
    expect((await cache.get('a'))?.sessionVersion).toBe(5);
    expect(loads).toEqual(['ghost', 'a', 'a']);
  });

  it('keeps at most max users, dropping the least recently loaded', async () => {
    const { cache, rows } = setup(2);
    for (const id of ['a', 'b', 'c']) {
      rows.set(id, state(id));
      await cache.get(id);
    }
    expect(cache.size).toBe(2);
  });
});

describe("withDeadline (the guard's read of the row, which RequestDeadline does not cover)", () => {
  it('answers 503 UNAVAILABLE when the read does not answer in time', async () => {
    await expect(withDeadline(new Promise(() => undefined), 20)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      status: 503,
    });
  });

  it('passes an answer or a failure in time through unchanged', async () => {
    await expect(withDeadline(Promise.resolve('row'), 1_000)).resolves.toBe('row');
    const failure = new Error('refused');
    await expect(withDeadline(Promise.reject(failure), 1_000)).rejects.toBe(failure);
  });
});
