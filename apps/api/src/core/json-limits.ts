/**
 * Limits on the shape of a JSON request body, checked on the raw bytes before `JSON.parse` and validation
 * run, so a small hostile body (50,000 unknown keys, 5,000 levels of nesting) is refused in one linear
 * pass instead of costing seconds of validation or a stack overflow.
 */
export interface JsonLimits {
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most keys in one object. */
  maxKeys: number;
  /** Most elements in one array. */
  maxArrayLength: number;
}

/** Generous for every request the API takes (routing rules: up to 10,000 rules of 3 fields). */
export const JSON_LIMITS: JsonLimits = { maxDepth: 32, maxKeys: 200, maxArrayLength: 10_000 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const SPACE = /[\s]/;

/**
 * Why this body breaks a limit, or null. Only the structure is looked at (strings are skipped, escapes
 * included); text that is not JSON at all is left to the parser, which answers its own 400.
 */
export function jsonLimitBreach(body: Uint8Array, limits: JsonLimits = JSON_LIMITS): string | null {
  // Per open container: is it an array, how many members so far, and has it any member yet.
  const isArray: boolean[] = [];
  const members: number[] = [];
  const nonEmpty: boolean[] = [];
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    const top = isArray.length - 1;
    if (c === QUOTE) {
      inString = true;
      if (top >= 0 && !nonEmpty[top]) {
        nonEmpty[top] = true;
        members[top] = 1;
      }
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (top >= 0 && !nonEmpty[top]) {
        nonEmpty[top] = true;
        members[top] = 1;
      }
      if (isArray.length >= limits.maxDepth) return `JSON nesting deeper than ${limits.maxDepth} levels`;
      isArray.push(c === OPEN_ARRAY);
      members.push(0);
      nonEmpty.push(false);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      isArray.pop();
      members.pop();
      nonEmpty.pop();
    } else if (c === COMMA) {
      if (top < 0) continue;
      members[top] = members[top] + 1;
      if (isArray[top]) {
        if (members[top] > limits.maxArrayLength)
          return `a JSON list longer than ${limits.maxArrayLength} items`;
      } else if (members[top] > limits.maxKeys) {
        return `a JSON object with more than ${limits.maxKeys} keys`;
      }
    } else if (top >= 0 && !nonEmpty[top] && !SPACE.test(String.fromCharCode(c))) {
      // the first member of an array is a number, true, false or null
      nonEmpty[top] = true;
      members[top] = 1;
    }
  }
  return null;
}

/** A body-parser `verify` hook: a 400 (problem details via the exception filter) when a limit is broken. */
export function verifyJsonLimits(_req: unknown, _res: unknown, buf: Buffer): void {
  const breach = jsonLimitBreach(buf);
  if (breach) {
    throw Object.assign(new Error(`The request body is refused: ${breach}`), {
      status: 400,
      type: 'entity.verify.failed',
    });
  }
}
