import { Result, refuse } from '../shared/result';

/** GB 32100-2015 unified social credit code (统一社会信用代码): 18 characters, the last a check character. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null if one of them is not allowed. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    // A missing character is not allowed ('' would be found at index 0, i.e. read as '0').
    const ch = first17[i];
    const v = ch === undefined ? -1 : CREDIT_CODE_CHARSET.indexOf(ch);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARSET[check];
}

export type CreditCodeError = 'ENTERPRISE.CREDIT_CODE_INVALID';

/** Normalise (trim, upper-case) and validate; answers the normalised code or why it is wrong. */
export function checkCreditCode(input: string): Result<{ code: string }, CreditCodeError> {
  const code = input.trim().toUpperCase();
  const bad = (why: string) =>
    refuse<CreditCodeError>('ENTERPRISE.CREDIT_CODE_INVALID', `creditCode ${why}`, 'creditCode');
  if (code.length !== 18) return bad(`must have 18 characters, not ${code.length}`);
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CODE_CHARSET.includes(code[i])) {
      return bad(
        `has "${code[i]}" at position ${i + 1}; allowed are digits and ${CREDIT_CODE_CHARSET.slice(10)}`,
      );
    }
  }
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return bad('positions 3–8 must be the 6-digit administrative division code');
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return bad(`check character should be ${expected}, not ${code[17]}`);
  return { ok: true, code };
}

export function isValidCreditCode(input: string): boolean {
  return checkCreditCode(input).ok;
}

/** Complete 17 characters with their check character (demo data, tests). */
export function withCheckChar(first17: string): string {
  const c = creditCodeCheckChar(first17);
  if (c === null || first17.length !== 17) throw new Error(`not a credit code prefix: ${first17}`);
  return first17 + c;
}
