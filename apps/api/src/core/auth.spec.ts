import { TokenClaims, VerifiedTokens } from './auth';

const claims = (sub: string, exp?: number): TokenClaims & { exp?: number } => ({
  sub,
  username: sub,
  role: 'admin',
  unitId: null,
  sv: 1,
  exp,
});

describe('VerifiedTokens (tokens verified a moment ago)', () => {
  const now = 1_800_000_000_000;
  const exp = now / 1000 + 60;

  it.each([
    ['before its expiry', now, 'a'],
    ['one millisecond before its expiry', exp * 1000 - 1, 'a'],
    ['at its expiry', exp * 1000, undefined],
    ['after its expiry', exp * 1000 + 5_000, undefined],
  ])('answers a remembered token %s: %s', (_label, at, expected) => {
    const cache = new VerifiedTokens();
    cache.set('token-a', claims('a', exp));
    expect(cache.get('token-a', at)?.sub).toBe(expected);
  });

  it('forgets an expired token once asked about it', () => {
    const cache = new VerifiedTokens();
    cache.set('token-a', claims('a', exp));
    cache.get('token-a', exp * 1000);
    expect(cache.size).toBe(0);
  });

  it('does not remember a token without an expiry', () => {
    const cache = new VerifiedTokens();
    cache.set('token-a', claims('a'));
    expect(cache.get('token-a', now)).toBeUndefined();
  });

  it('knows nothing of a token it was never given', () => {
    const cache = new VerifiedTokens();
    cache.set('token-a', claims('a', exp));
    expect(cache.get('token-b', now)).toBeUndefined();
  });

  it('keeps at most max tokens, dropping the oldest first', () => {
    const cache = new VerifiedTokens(2);
    cache.set('t1', claims('1', exp));
    cache.set('t2', claims('2', exp));
    cache.set('t3', claims('3', exp));
    expect(cache.size).toBe(2);
    expect([cache.get('t1', now)?.sub, cache.get('t2', now)?.sub, cache.get('t3', now)?.sub]).toEqual([
      undefined,
      '2',
      '3',
    ]);
  });
});
