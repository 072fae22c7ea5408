import {
  CREDIT_CODE_CHARSET,
  checkCreditCode,
  creditCodeCheckChar,
  isValidCreditCode,
  withCheckChar,
} from './credit-code';

/*
 * GB 32100-2015: 18 characters over 0-9 and the 21 letters ABCDEFGHJKLMNPQRTUWXY (no I, O, S, V, Z).
 * Character i (0-based) has weight 3^i mod 31; the check character is (31 − Σ value·weight mod 31) mod 31.
 * The published codes below were checked against that formula by hand.
 */
const PUBLISHED: Array<[string, string]> = [
  ['914403001922038216', '华为技术有限公司 (Huawei Technologies)'],
  ['91440300708461136T', '深圳市腾讯计算机系统有限公司 (Tencent)'],
  ['91110108551385082Q', '小米科技有限责任公司 (Xiaomi)'],
  ['91110000802100433B', '北京百度网讯科技有限公司 (Baidu)'],
  ['91330100716105852F', '阿里巴巴（中国）有限公司 (Alibaba)'],
];
/** Σ ≡ 0 (mod 31) gives check character 0; Σ ≡ 1 gives 30, the last character Y. */
const EDGE_CHECKS: Array<[string, string]> = [
  ['91320100MA10000250', 'check character 0'],
  ['91320100MA1000044Y', 'check character Y'],
];

const ERROR = { ok: false, code: 'ENTERPRISE.CREDIT_CODE_INVALID', field: 'creditCode' };

describe(checkCreditCode.name, () => {
  it.each([...PUBLISHED, ...EDGE_CHECKS])('accepts %s — %s', (code) => {
    expect(checkCreditCode(code)).toEqual({ ok: true, code });
    expect(isValidCreditCode(code)).toBe(true);
  });

  it.each([
    ['lower case', '91440300708461136t', '91440300708461136T'],
    ['lower case letters inside', '91320100ma1000044y', '91320100MA1000044Y'],
    ['surrounding spaces', '  91330100716105852F\t', '91330100716105852F'],
  ])('normalises %s: %j → %s', (_what, input, code) => {
    expect(checkCreditCode(input)).toEqual({ ok: true, code });
  });

  it.each([
    ['empty', '', 'must have 18 characters, not 0'],
    ['17 characters', '91440300708461136', 'must have 18 characters, not 17'],
    ['19 characters', '91440300708461136T0', 'must have 18 characters, not 19'],
    ['a space inside', '9144030070846 1136T', 'must have 18 characters, not 19'],
  ])('refuses %s', (_what, input, why) => {
    const result = checkCreditCode(input);
    expect(result).toMatchObject(ERROR);
    expect(!result.ok && result.message).toContain(why);
  });

  /* The forbidden letters look like digits (I/1, O/0, S/5, V/U, Z/2): a code containing one is refused outright,
   * even when its check character is computed as if the letter were allowed. */
  it.each(['I', 'O', 'S', 'V', 'Z', 'i', 'o', '-', '*', '０'])(
    'refuses the character %j at position 12',
    (ch) => {
      const input = `91440300708${ch}61136T`;
      expect(input).toHaveLength(18);
      const result = checkCreditCode(input);
      expect(result).toMatchObject(ERROR);
      expect(!result.ok && result.message).toContain('at position 12');
    },
  );

  it('refuses a letter in the administrative division code (positions 3–8)', () => {
    const code = withCheckChar('91AB0100MA1000044');
    const result = checkCreditCode(code);
    expect(result).toMatchObject(ERROR);
    expect(!result.ok && result.message).toContain('administrative division');
  });

  describe.each(PUBLISHED)('%s (%s)', (code) => {
    it('refuses every other check character', () => {
      const others = [...CREDIT_CODE_CHARSET].filter((c) => c !== code[17]);
      expect(others).toHaveLength(30);
      for (const c of others) {
        const result = checkCreditCode(code.slice(0, 17) + c);
        expect(result).toMatchObject(ERROR);
        expect(!result.ok && result.message).toContain(`should be ${code[17]}, not ${c}`);
      }
    });

    it('refuses every single-character change in the first 17', () => {
      for (let i = 0; i < 17; i++) {
        for (const c of CREDIT_CODE_CHARSET) {
          if (c === code[i]) continue;
          const changed = code.slice(0, i) + c + code.slice(i + 1);
          expect([changed, isValidCreditCode(changed)]).toEqual([changed, false]);
        }
      }
    });

    it('refuses every swap of two different neighbouring characters', () => {
      for (let i = 0; i < 16; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect([swapped, isValidCreditCode(swapped)]).toEqual([swapped, false]);
      }
    });
  });
});

describe(creditCodeCheckChar.name, () => {
  it.each([...PUBLISHED, ...EDGE_CHECKS])('computes the check character of %s', (code) => {
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it.each([
    ['a forbidden letter', '91440300708I61136'],
    ['a lower-case letter (not normalised here)', '91320100ma1000044'],
    ['only 16 characters', '9144030070846113'],
    ['nothing', ''],
  ])('answers null for %s', (_what, first17) => {
    expect(creditCodeCheckChar(first17)).toBeNull();
  });
});

describe(withCheckChar.name, () => {
  it('completes 17 characters into a valid code', () => {
    expect(withCheckChar('91110000802100433')).toBe('91110000802100433B');
    expect(isValidCreditCode(withCheckChar('92320115MA1XY0000'))).toBe(true);
  });

  it.each(['9111000080210043', '91110000802100433B', '9111000080210043O'])('throws for %j', (first17) => {
    expect(() => withCheckChar(first17)).toThrow('not a credit code prefix');
  });
});
