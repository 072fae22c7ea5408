import type { DataSource } from 'typeorm';

/** What the process's PostgreSQL pool holds right now (node-postgres' own counters; no query). */
export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
}

export function poolUse(ds: DataSource): PoolUse {
  const pool = (
    ds.driver as unknown as { master?: { totalCount?: number; idleCount?: number; waitingCount?: number } }
  ).master;
  return { total: pool?.totalCount ?? 0, idle: pool?.idleCount ?? 0, waiting: pool?.waitingCount ?? 0 };
}

/** Undelivered outbox rows are counted up to this many (the scrape stays cheap whatever the backlog). */
export const OUTBOX_COUNT_CAP = 100_000;

export interface OutboxBacklog {
  /** undelivered rows, at most OUTBOX_COUNT_CAP */
  undelivered: number;
  /** seconds since the oldest undelivered row was written; 0 without any */
  oldestAgeSeconds: number;
}

/**
 * The relay's backlog, read from the partial index `ix_outbox_pending` (undelivered rows only): a capped
 * count, and the age of the row with the lowest id (ids grow with time). Two index reads, bounded.
 */
export async function outboxBacklog(ds: DataSource): Promise<OutboxBacklog> {
  const [row] = (await ds.query(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE delivered_at IS NULL LIMIT ${OUTBOX_COUNT_CAP}) x)::int AS undelivered,
            COALESCE((SELECT extract(epoch FROM now() - created_at) FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT 1), 0)::float8 AS age`,
  )) as { undelivered: number; age: number }[];
  return { undelivered: Number(row?.undelivered ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.age ?? 0)) };
}
