import { DataSource } from 'typeorm';
import { PgQueryable, asQueryFailed, pgPool } from '../prepared';

/** A request's `Idempotency-Key`, scoped to its user, and the hash of the request it came with. */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  requestHash: string;
}

/**
 * What became of a keyed request: its work committed together with the key (`done`); the key already
 * answered the same request (`replay`, the stored answer); the key came with another request (`reused`); or
 * a request with this key is still running and did not finish within the wait (`busy`).
 */
export type IdempotencyOutcome<T> =
  { kind: 'done'; result: T } | { kind: 'replay'; body: unknown } | { kind: 'reused' } | { kind: 'busy' };

/** How long a key is remembered. */
export const IDEMPOTENCY_KEEP_HOURS = 24;
/**
 * How long a retry waits for the first request with its key to commit (it then answers the first result);
 * past this it is `busy` (409). A first request whose process died holds nothing: its transaction ends with
 * its connection.
 */
export const IDEMPOTENCY_WAIT_MS = 2000;
/**
 * A keyed transaction idle this long is ended by PostgreSQL (its process hangs or its network is gone), so a
 * claim never outlives its owner by more than this, even when no connection close reaches the server.
 */
export const IDEMPOTENCY_IDLE_MS = 5000;
/** Claims written by versions that stored the answer after the commit: taken over after this long. */
const LEGACY_ABANDONED_SECONDS = 120;

// Once the key is ours, the rest of the transaction waits for locks as long as an unkeyed intake would: the
// lock timeout is only for the claim (set_config(…, true) is SET LOCAL, run when the claimed row comes back).
const CLAIMED = `key, set_config('lock_timeout', '0', true)`;
// Claim the key (waits up to the lock timeout for a running request with the same key), and forget this
// user's expired keys on the way (SKIP LOCKED: never wait for them).
const CLAIM = `WITH gone AS (
    DELETE FROM idempotency_keys WHERE (user_id, key) IN (
      SELECT user_id, key FROM idempotency_keys
       WHERE user_id = $1 AND key <> $2 AND created_at < now() - make_interval(hours => $4)
       FOR UPDATE SKIP LOCKED))
  INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING ${CLAIMED}`;
const PRIOR = `SELECT request_hash, response_status, response_body,
         created_at < now() - make_interval(hours => $3) AS expired,
         response_status IS NULL AND created_at < now() - make_interval(secs => $4) AS abandoned
    FROM idempotency_keys WHERE user_id = $1 AND key = $2`;
const TAKE_OVER = `UPDATE idempotency_keys SET request_hash = $3, response_status = NULL, response_body = NULL, created_at = now()
   WHERE user_id = $1 AND key = $2
     AND (created_at < now() - make_interval(hours => $4) OR (response_status IS NULL AND created_at < now() - make_interval(secs => $5)))
  RETURNING ${CLAIMED}`;
const ANSWER = `UPDATE idempotency_keys SET response_status = 201, response_body = $3 WHERE user_id = $1 AND key = $2`;

/** PostgreSQL's lock_not_available: the lock timeout ran out. */
const LOCK_TIMEOUT = '55P03';

/**
 * Runs `work` with an `Idempotency-Key`: the key row and everything `work` writes (through the connection it
 * is given) commit in ONE transaction, with the answer stored in it. So a key is either answered (a retry
 * gets the stored answer, whatever crashed after the commit) or has left nothing behind (a retry does the
 * work anew): never a second result for one key. The claim is the key row's insertion inside that
 * transaction: a concurrent request with the same key waits for it (up to IDEMPOTENCY_WAIT_MS) and then
 * answers the first result; a process that dies mid-request takes its claim with it, as PostgreSQL rolls
 * back the transaction of a closed connection. A failure of `work` rolls back and frees the key.
 */
export async function withIdempotencyKey<T>(
  ds: DataSource,
  claim: IdempotencyClaim,
  work: (db: PgQueryable) => Promise<T>,
  opts: { waitMs?: number; idleMs?: number } = {},
): Promise<IdempotencyOutcome<T>> {
  const { userId, key, requestHash } = claim;
  const waitMs = Math.max(1, Math.round(opts.waitMs ?? IDEMPOTENCY_WAIT_MS));
  const idleMs = Math.max(1, Math.round(opts.idleMs ?? IDEMPOTENCY_IDLE_MS));
  const client = await pgPool(ds).connect();
  // A checked-out pg client has no error listener: without one, a connection lost mid-transaction would be
  // an uncaught 'error' event. The error also reaches the running query, which fails with it.
  let lost: Error | undefined;
  const onError = (err: Error) => (lost = err);
  client.on('error', onError);
  const q = async (text: string, values: unknown[] = []) => {
    try {
      return await client.query({ text, values });
    } catch (err) {
      throw asQueryFailed(err, text, values);
    }
  };
  let inTransaction = false;
  let keep = true;
  const end = async (outcome: IdempotencyOutcome<T>): Promise<IdempotencyOutcome<T>> => {
    inTransaction = false;
    await q('ROLLBACK').catch((err: unknown) => {
      keep = false;
      throw err;
    });
    return outcome;
  };
  try {
    await client.query({
      text: `BEGIN; SET LOCAL lock_timeout = ${waitMs}; SET LOCAL idle_in_transaction_session_timeout = ${idleMs}`,
    });
    inTransaction = true;
    for (let attempt = 0; ; attempt++) {
      let claimed: number;
      try {
        claimed = (await q(CLAIM, [userId, key, requestHash, IDEMPOTENCY_KEEP_HOURS])).rows.length;
      } catch (err) {
        if (pgCode(err) === LOCK_TIMEOUT) return await end({ kind: 'busy' });
        throw err;
      }
      if (claimed) break;
      const prior = (await q(PRIOR, [userId, key, IDEMPOTENCY_KEEP_HOURS, LEGACY_ABANDONED_SECONDS])).rows[0];
      if (!prior) {
        // gone meanwhile (expired and forgotten by another request of this user): claim again
        if (attempt < 3) continue;
        return await end({ kind: 'busy' });
      }
      if (prior['expired'] || prior['abandoned']) {
        let taken: number;
        try {
          taken = (
            await q(TAKE_OVER, [userId, key, requestHash, IDEMPOTENCY_KEEP_HOURS, LEGACY_ABANDONED_SECONDS])
          ).rows.length;
        } catch (err) {
          if (pgCode(err) === LOCK_TIMEOUT) return await end({ kind: 'busy' });
          throw err;
        }
        if (taken) break;
        return await end({ kind: 'busy' });
      }
      if (prior['request_hash'] !== requestHash) return await end({ kind: 'reused' });
      if (prior['response_status'] === null) return await end({ kind: 'busy' });
      return await end({ kind: 'replay', body: prior['response_body'] });
    }
    const result = await work(client);
    await q(ANSWER, [userId, key, JSON.stringify(result)]);
    inTransaction = false;
    await q('COMMIT');
    return { kind: 'done', result };
  } catch (err) {
    // Roll back what is open; a connection in an unknown state (BEGIN or COMMIT failed) is not reused.
    if (inTransaction && !lost) await q('ROLLBACK').catch(() => (keep = false));
    else keep = false;
    throw err;
  } finally {
    client.removeListener('error', onError);
    client.release(lost ?? !keep);
  }
}

function pgCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}
