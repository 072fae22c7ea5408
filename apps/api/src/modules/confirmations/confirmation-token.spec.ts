import { ConfirmationTokens } from './confirmation-token';

describe(ConfirmationTokens.name, () => {
  const tokens = new ConfirmationTokens('', 'a-jwt-secret-of-enough-length');

  it('issues tokens of 144 random bits plus a signature, each different, stored by their SHA-256', () => {
    const a = tokens.issue();
    const b = tokens.issue();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{46}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toHaveLength(32);
    expect(tokens.verify(a.token)?.equals(a.hash)).toBe(true);
  });

  it.each<[string, (t: string) => string]>([
    ['a changed character of the nonce', (t) => (t[0] === 'A' ? 'B' : 'A') + t.slice(1)],
    ['a changed character of the signature', (t) => t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A')],
    ['a missing part', (t) => t.slice(0, 24)],
    ['a character too many', (t) => `${t}A`],
    ['anything else', () => 'not-a-token'],
    ['an empty string', () => ''],
  ])('refuses %s', (_, tamper) => {
    expect(tokens.verify(tamper(tokens.issue().token))).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    const other = new ConfirmationTokens('another-secret-of-enough-length', 'x');
    expect(tokens.verify(other.issue().token)).toBeNull();
  });
});
