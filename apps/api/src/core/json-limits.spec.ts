import { JSON_LIMITS, jsonLimitBreach, verifyJsonLimits } from './json-limits';

const b = (s: string) => Buffer.from(s, 'utf8');
const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
const objectWithKeys = (n: number) =>
  JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])));
const listOf = (n: number, item: unknown) => JSON.stringify(Array.from({ length: n }, () => item));

describe(jsonLimitBreach.name, () => {
  it.each<[string, string, string | null]>([
    ['a login body', '{"username":"admin","password":"p"}', null],
    ['an empty object and list', '{"a":{},"b":[]}', null],
    ['a scalar', '42', null],
    ['32 levels', nested(32), null],
    ['33 levels', nested(33), 'JSON nesting deeper than 32 levels'],
    [
      '5,000 levels of objects',
      '{"a":'.repeat(5000) + '1' + '}'.repeat(5000),
      'JSON nesting deeper than 32 levels',
    ],
    ['200 keys', objectWithKeys(200), null],
    ['201 keys', objectWithKeys(201), 'a JSON object with more than 200 keys'],
    ['50,000 unknown keys', objectWithKeys(50_000), 'a JSON object with more than 200 keys'],
    ['10,000 numbers', listOf(10_000, 1), null],
    ['10,001 numbers', listOf(10_001, 1), 'a JSON list longer than 10000 items'],
    [
      '10,000 objects of 3 keys (routing rules)',
      JSON.stringify({ rules: JSON.parse(listOf(10_000, { a: 1, b: 'x', c: null })) }),
      null,
    ],
    ['10,001 strings', listOf(10_001, 'x'), 'a JSON list longer than 10000 items'],
    [
      'brackets, braces, commas and quotes inside strings',
      JSON.stringify({ t: `${'[{'.repeat(100)}${',"'.repeat(20_000)}\\` }),
      null,
    ],
    ['not JSON at all (left to the parser)', 'hello, world', null],
  ])('%s', (_name, body, expected) => {
    expect(jsonLimitBreach(b(body))).toBe(expected);
  });

  it('scans a 1 MB body in a few milliseconds', () => {
    const body = b(listOf(9_000, { id: '0190b7c2-0000-7000-8000-000000000000', name: 'x'.repeat(80) }));
    expect(body.length).toBeGreaterThan(900_000);
    const t0 = performance.now();
    expect(jsonLimitBreach(body)).toBeNull();
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('the verify hook throws a 400 body-parser error naming the limit', () => {
    expect(() => verifyJsonLimits(null, null, b(nested(JSON_LIMITS.maxDepth + 1)))).toThrow(
      expect.objectContaining({
        status: 400,
        type: 'entity.verify.failed',
        message: 'The request body is refused: JSON nesting deeper than 32 levels',
      }),
    );
    expect(() => verifyJsonLimits(null, null, b('{}'))).not.toThrow();
  });
});
