import { LedgerSort, LedgerSortKey, isLedgerSortValue } from '@taizhang/db';
import { ApiError } from '../../core/errors';

/**
 * The HTTP side of the ledger's paging: the `sort` parameter as a typed sort, and the opaque cursor of keyset
 * pages. The SQL of both (ORDER BY, sort value, the seek past a cursor) is built in `ledgerPage` of `@taizhang/db`.
 */

export interface ListSort extends LedgerSort {
  /** as sent: `openedAt`, `-openedAt`, … */
  sort: string;
}

export function ledgerSort(sort = '-openedAt'): ListSort {
  return { sort, key: sort.replace(/^-/, '') as LedgerSortKey, dir: sort.startsWith('-') ? 'DESC' : 'ASC' };
}

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
export function decodeCursor(raw: string, s: ListSort): Cursor {
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
  if (!isLedgerSortValue(s.key, value)) throw bad('no sort value');
  return { sort: s.sort, value, id, page: page as number };
}
