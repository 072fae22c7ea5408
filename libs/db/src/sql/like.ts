/**
 * The ILIKE pattern for "contains `q`": `%` and `_` in a search term match themselves, so every statement that
 * uses it must say `ILIKE $n ESCAPE '\'` (PostgreSQL's default escape is the backslash already, so a plain
 * `ILIKE $n` reads it the same way).
 */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
