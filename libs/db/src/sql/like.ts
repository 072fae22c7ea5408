/**
 * The ILIKE pattern for "contains `q`": `%` and `_` in a search term match themselves (escaped with a backslash,
 * LIKE's default escape character in PostgreSQL).
 */
export function containsPattern(q: string): string {
  return `%${escapeLike(q)}%`;
}

/** `text` as a LIKE pattern that matches it literally (`%`, `_` and `\\` escaped), to build prefixes and the like. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
