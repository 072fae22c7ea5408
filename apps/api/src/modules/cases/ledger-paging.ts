import { ApiError } from '../../core/errors';
import { SORTS } from './cases.dto';

export type SortKey = keyof typeof SORTS;

/** SQL type of each sort column, and whether it can be NULL (NULLs sort last either way). */
const SORT_TYPES: Record<SortKey, { type: 'timestamptz' | 'text'; nullable: boolean }> = {
  openedAt: { type: 'timestamptz', nullable: false },
  ledgerNo: { type: 'text', nullable: false },
  resolveBy: { type: 'timestamptz', nullable: true },
  status: { type: 'text', nullable: false },
  priority: { type: 'text', nullable: false },
  respondBy: { type: 'timestamptz', nullable: true },
};

export interface LedgerSort {
  /** as sent: `openedAt`, `-openedAt`, … */
  sort: string;
  key: SortKey;
  dir: 'ASC' | 'DESC';
}

export function ledgerSort(sort = '-openedAt'): LedgerSort {
  return { sort, key: sort.replace(/^-/, '') as SortKey, dir: sort.startsWith('-') ? 'DESC' : 'ASC' };
}

/**
 * ORDER BY of the ledger. `NULLS LAST` only where the column can be NULL: on a NOT NULL column it would stop
 * PostgreSQL from reading a plain (opened_at, id) index backwards for the newest-first default.
 */
export function orderBy(s: LedgerSort): string {
  const col = SORTS[s.key];
  const nulls = SORT_TYPES[s.key].nullable ? ' NULLS LAST' : '';
  return `${col} ${s.dir}${nulls}, c.id ${s.dir}`;
}

/** The sort column as text that casts back to the same value (timestamps to the microsecond, in UTC). */
export function sortValue(s: LedgerSort): string {
  const col = SORTS[s.key];
  return SORT_TYPES[s.key].type === 'timestamptz'
    ? `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : `${col}::text`;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** What a cursor holds: where the previous page ended, for which sort, and the number of the next page. */
export interface Cursor {
  sort: string;
  value: string | null;
  id: string;
  page: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.value, c.id, c.page]), 'utf8').toString('base64url');
}

/** Decode and check a cursor: anything that is not one of ours (or is for another sort) is a 400. */
export function decodeCursor(raw: string, s: LedgerSort): Cursor {
  const bad = (why: string) =>
    ApiError.invalid('cursor', `not a cursor of this list (${why}): send the nextCursor of a previous page`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad('unreadable');
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw bad('unreadable');
  const [sort, value, id, page] = parsed as unknown[];
  if (sort !== s.sort) throw bad(`it was made for sort=${String(sort)}`);
  if (typeof id !== 'string' || !UUID.test(id)) throw bad('no row id');
  if (!Number.isInteger(page) || (page as number) < 2) throw bad('no page number');
  const { type, nullable } = SORT_TYPES[s.key];
  if (value === null ? !nullable : typeof value !== 'string' || value.length > 200)
    throw bad('no sort value');
  if (
    type === 'timestamptz' &&
    value !== null &&
    (!TIMESTAMP.test(value as string) || Number.isNaN(Date.parse(value as string)))
  ) {
    throw bad('no sort value');
  }
  return { sort: s.sort, value: value as string | null, id, page: page as number };
}

/**
 * The keyset condition "after the cursor's row" in the list's order (pushing parameters): a row comparison
 * on NOT NULL columns, which PostgreSQL turns into an index seek; the NULLs-last case spelled out otherwise.
 */
export function afterCursor(s: LedgerSort, c: Cursor, params: unknown[]): string {
  const col = SORTS[s.key];
  const { type, nullable } = SORT_TYPES[s.key];
  const cmp = s.dir === 'DESC' ? '<' : '>';
  params.push(c.id);
  const id = `$${params.length}::uuid`;
  if (c.value === null) return `(${col} IS NULL AND c.id ${cmp} ${id})`;
  params.push(c.value);
  const v = `$${params.length}::${type}`;
  if (!nullable) return `(${col}, c.id) ${cmp} (${v}, ${id})`;
  return `(${col} ${cmp} ${v} OR (${col} = ${v} AND c.id ${cmp} ${id}) OR ${col} IS NULL)`;
}
