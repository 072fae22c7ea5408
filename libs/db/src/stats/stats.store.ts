import type { EntityManager } from 'typeorm';
import { compactCaseStats } from './case-counters.store';

/** The advisory lock that keeps dashboard compactions one at a time across workers. */
export const COMPACT_LOCK = 727276;

/**
 * Fold the dashboard's appended count deltas into the compacted tables, in the caller's transaction, if no
 * other worker is doing it (transaction-scoped advisory lock). Answers how many delta rows were folded
 * (0 when another worker holds the lock).
 */
export async function compactCaseStatsIfFree(m: EntityManager): Promise<number> {
  const [row] = await m.query<
    {
      locked: boolean;
    }[]
  >(`SELECT pg_try_advisory_xact_lock(${COMPACT_LOCK}) AS locked`);
  return row?.locked ? compactCaseStats(m) : 0;
}
