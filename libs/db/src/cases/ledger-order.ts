import type { LedgerFilters } from './ledger-filter';

/**
 * The ledger's order and keyset paging in SQL: the sort columns, the ORDER BY, the sort value a cursor keeps
 * and the "after the cursor's row" condition. Apps pass a sort key and a position (typed), never SQL; GET
 * /api/cases reads its pages through `ledgerPage` of ./case-reads.store, which builds all of it here.
 */

/** The sort keys of the ledger (GET /api/cases `sort`, with `-` for descending). */
export const LEDGER_SORT_KEYS = [
  'openedAt',
  'ledgerNo',
  'resolveBy',
  'status',
  'respondBy',
  'priority',
] as const;
export type LedgerSortKey = (typeof LEDGER_SORT_KEYS)[number];

export interface LedgerSort {
  key: LedgerSortKey;
  dir: 'ASC' | 'DESC';
}

/** Where the previous page ended: its last row's sort value (as `ledgerPage` returned it) and id. */
export interface LedgerPosition {
  value: string | null;
  id: string;
}

/** Column, SQL type and nullability of each sort key (NULLs sort last either way). */
const SORT_COLUMNS: Record<LedgerSortKey, { col: string; type: 'timestamptz' | 'text'; nullable: boolean }> =
  {
    openedAt: { col: 'c.opened_at', type: 'timestamptz', nullable: false },
    ledgerNo: { col: 'c.ledger_no', type: 'text', nullable: false },
    resolveBy: { col: 'c.resolve_by', type: 'timestamptz', nullable: true },
    status: { col: 'c.status', type: 'text', nullable: false },
    priority: { col: 'c.priority', type: 'text', nullable: false },
    respondBy: { col: 'c.respond_by', type: 'timestamptz', nullable: true },
  };

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Could `value` be the sort value of a row for this key (as `sortValue` writes it)? What a cursor's value is
 * checked against before it reaches SQL: NULL only for a nullable column, a timestamp to the microsecond in UTC.
 */
export function isLedgerSortValue(key: LedgerSortKey, value: unknown): value is string | null {
  const { type, nullable } = SORT_COLUMNS[key];
  if (value === null) return nullable;
  if (typeof value !== 'string' || value.length > 200) return false;
  return type !== 'timestamptz' || (TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)));
}

/**
 * ORDER BY of the ledger. `NULLS LAST` only where the column can be NULL: on a NOT NULL column it would stop
 * PostgreSQL from reading a plain (opened_at, id) index backwards for the newest-first default.
 */
export function ledgerOrderBy(s: LedgerSort): string {
  const { col, nullable } = SORT_COLUMNS[s.key];
  return `${col} ${s.dir}${nullable ? ' NULLS LAST' : ''}, c.id ${s.dir}`;
}

/** The sort column as text that casts back to the same value (timestamps to the microsecond, in UTC). */
export function ledgerSortValue(s: LedgerSort): string {
  const { col, type } = SORT_COLUMNS[s.key];
  return type === 'timestamptz'
    ? `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : `${col}::text`;
}

/**
 * The keyset condition "after this row" in the list's order (pushing parameters): a row comparison on NOT NULL
 * columns, which PostgreSQL turns into an index seek; the NULLs-last case spelled out otherwise.
 */
export function ledgerAfter(s: LedgerSort, after: LedgerPosition, params: unknown[]): string {
  const { col, type, nullable } = SORT_COLUMNS[s.key];
  const cmp = s.dir === 'DESC' ? '<' : '>';
  params.push(after.id);
  const id = `$${params.length}::uuid`;
  if (after.value === null) return `(${col} IS NULL AND c.id ${cmp} ${id})`;
  params.push(after.value);
  const v = `$${params.length}::${type}`;
  if (!nullable) return `(${col}, c.id) ${cmp} (${v}, ${id})`;
  return `(${col} ${cmp} ${v} OR (${col} = ${v} AND c.id ${cmp} ${id}) OR ${col} IS NULL)`;
}

/**
 * A column the filters hold to one value, put first in the ORDER BY of the newest-first ledger (the order is
 * the same, since the column is constant) so that PostgreSQL reads its (column, opened_at, id) index in order
 * and stops after a page. Without it, a filter on what recent cases rarely are (closed, level 2) made the
 * planner walk the opened_at index back through hundreds of thousands of new open cases (60-90 ms at 1M).
 * Only without a unit or search filter: those have their own indexes.
 */
export function ledgerLeadingOrder(f: LedgerFilters, sort: LedgerSort): string {
  if (sort.key !== 'openedAt' || f.unitId || f.q || f.enterpriseId || f.assigneeId) return '';
  if (f.status?.length === 1) return `c.status ${sort.dir}, `;
  if (f.level !== undefined && f.level > 0) return `c.level ${sort.dir}, `;
  if (f.category) return `c.category_code ${sort.dir}, `;
  return '';
}
