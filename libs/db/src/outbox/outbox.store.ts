import type { DataSource, EntityManager } from 'typeorm';

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
  const [row] = await ds.query<{ undelivered: number; age: number }[]>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE delivered_at IS NULL LIMIT ${OUTBOX_COUNT_CAP}) x)::int AS undelivered,
            COALESCE((SELECT extract(epoch FROM now() - created_at) FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT 1), 0)::float8 AS age`,
  );
  return { undelivered: Number(row?.undelivered ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.age ?? 0)) };
}

/** An outbox row on its way to BullMQ. */
export interface OutboxRow {
  /** bigint: a string from pg */
  id: string;
  queue: string;
  name: string;
  job_id: string;
  payload: Record<string, unknown>;
  run_at: Date;
}

/**
 * Claim up to `limit` undelivered rows, oldest first, in the caller's transaction (FOR UPDATE SKIP LOCKED:
 * several relays claim disjoint batches; the rows stay locked until the caller commits).
 */
export async function claimOutboxBatch(m: EntityManager, limit: number): Promise<OutboxRow[]> {
  return await m.query<OutboxRow[]>(
    `SELECT id, queue, name, job_id, payload, run_at FROM outbox WHERE delivered_at IS NULL
      ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [Math.max(1, Math.floor(limit))],
  );
}

/** Rows handed to BullMQ: delivered now. */
export async function markOutboxDelivered(m: EntityManager, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await m.query(
    `UPDATE outbox SET delivered_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`,
    [ids],
  );
}

/** Rows not delivered this time: one more attempt counted, and why (they are tried again). */
export async function markOutboxFailed(m: EntityManager, ids: string[], error: string): Promise<void> {
  if (!ids.length) return;
  await m.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
    ids,
    error.slice(0, 500),
  ]);
}
