import type { LedgerRow } from '@taizhang/xlsx';
import type { EntityManager } from 'typeorm';
import { LedgerListing, ledgerCondition } from './ledger-filter';

/** Rows per keyset batch. */
export const LEDGER_BATCH = 2000;

export type LedgerQuery = (sql: string, params: unknown[]) => Promise<LedgerRow[]>;

/**
 * The ledger rows for `where` (a condition on `cases c` with its parameters, from `ledgerWhere`), newest
 * first, in keyset batches of `batch`: each batch seeks past the last (opened_at, id) of the previous one.
 * What the ledger workbook (`@taizhang/xlsx` ledger-workbook) writes, read by the API's direct download and
 * the worker's export job.
 */
export async function* ledgerBatches(
  query: LedgerQuery,
  where: string,
  params: unknown[],
  batch = LEDGER_BATCH,
): AsyncGenerator<LedgerRow[]> {
  const size = Math.max(1, Math.floor(batch));
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const p = [...params];
    let keyset = '';
    if (after) {
      p.push(after.at, after.id);
      keyset = ` AND (c.opened_at, c.id) < ($${p.length - 1}::timestamptz, $${p.length}::uuid)`;
    }
    const rows = await query(
      `SELECT c.ledger_no, c.title, c.status, c.level, c.priority, c.overdue, c.opened_at, c.resolve_by, c.resolved_at, c.closed_at,
              c.resolution, c.rating, c.rating_comment, c.id, e.name AS enterprise_name, u.name AS unit_name, cat.name_zh AS category_name
         FROM cases c JOIN enterprises e ON e.id = c.enterprise_id JOIN units u ON u.id = c.unit_id
         JOIN categories cat ON cat.code = c.category_code
        WHERE (${where})${keyset} ORDER BY c.opened_at DESC, c.id DESC LIMIT ${size}`,
      p,
    );
    if (rows.length) yield rows;
    if (rows.length < size) return;
    const last = rows[rows.length - 1];
    after = { at: new Date(last.opened_at).toISOString(), id: last.id };
  }
}

/**
 * The rows of a listing (`ledgerCondition`, the list's own condition) in keyset batches, read through anything
 * that runs SQL (a DataSource, an EntityManager, a QueryRunner): the ledger download and the export job.
 */
export async function* ledgerRowBatches(
  db: Pick<EntityManager, 'query'>,
  listing: LedgerListing,
  batch = LEDGER_BATCH,
): AsyncGenerator<LedgerRow[]> {
  const params: unknown[] = [];
  const where = await ledgerCondition(db, listing, params);
  yield* ledgerBatches((sql, p) => db.query<LedgerRow[]>(sql, p), where, params, batch);
}
