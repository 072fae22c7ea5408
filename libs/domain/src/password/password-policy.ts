import { Result, refuse } from '../shared/result';
import { COMMON_PASSWORDS_TEXT } from './common-passwords';

/**
 * Password rules in the style of NIST SP 800-63B §5.1.1.2: a minimum length, no composition rules, and a
 * check against passwords known to be common, repetitive, or derived from the user's own name. Applied to
 * new and changed passwords (seeded demo users keep theirs).
 */
export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for any passphrase (NIST asks for at least 64); bounds the hashing work one request can ask for. */
export const PASSWORD_MAX_LENGTH = 128;
const MIN_DISTINCT_CHARACTERS = 4;

export type PasswordErrorCode =
  | 'PASSWORD.TOO_SHORT'
  | 'PASSWORD.TOO_LONG'
  | 'PASSWORD.COMMON'
  | 'PASSWORD.REPETITIVE'
  | 'PASSWORD.CONTAINS_NAME';

export interface PasswordOwner {
  username: string;
  displayName?: string | null;
}

let common: Set<string> | undefined;
/** Built on first use: importers that never check a password (the admin app) never pay for it. */
function commonPasswords(): Set<string> {
  common ??= new Set(COMMON_PASSWORDS_TEXT.split('\n'));
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

/** Letters and digits only, lower-cased: "Zhang.Wei" and "zhangwei" are the same name. */
function squash(s: string): string {
  return s.toLowerCase().replace(/[\s._\-@]+/g, '');
}

/**
 * Is this password acceptable for this user? Answers why not, with a stable code and a message that says
 * what to change; `field` names the request field the message belongs to.
 */
export function checkPassword(
  password: string,
  owner: PasswordOwner,
  field = 'password',
): Result<object, PasswordErrorCode> {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) {
    return refuse(
      'PASSWORD.TOO_SHORT',
      `${field} must have at least ${PASSWORD_MIN_LENGTH} characters (it has ${chars.length})`,
      field,
    );
  }
  if (chars.length > PASSWORD_MAX_LENGTH) {
    return refuse(
      'PASSWORD.TOO_LONG',
      `${field} must have at most ${PASSWORD_MAX_LENGTH} characters (it has ${chars.length})`,
      field,
    );
  }
  if (new Set(chars.map((c) => c.toLowerCase())).size < MIN_DISTINCT_CHARACTERS) {
    return refuse(
      'PASSWORD.REPETITIVE',
      `${field} repeats too few characters: use at least ${MIN_DISTINCT_CHARACTERS} different ones`,
      field,
    );
  }
  if (isCommonPassword(password)) {
    return refuse(
      'PASSWORD.COMMON',
      `${field} is one of the most common passwords: choose one that is harder to guess`,
      field,
    );
  }
  const pw = squash(password);
  const names = [owner.username, owner.displayName ?? ''].map(squash).filter((n) => [...n].length >= 2);
  if (names.some((n) => pw.includes(n))) {
    return refuse('PASSWORD.CONTAINS_NAME', `${field} must not contain the user's name or username`, field);
  }
  return { ok: true };
}
