import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiError } from '../../core/errors';

/** How long a key is remembered, and after how long a request that never finished may be taken over. */
const KEEP_HOURS = 24;
const ABANDONED_SECONDS = 120;

/**
 * `Idempotency-Key` for POST requests, scoped to the user: a retry returns the first result; the same key
 * with a different body is a 422; a retry while the first is still running is a 409.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly ds: DataSource) {}

  async run<T>(userId: string, key: string | undefined, body: unknown, work: () => Promise<T>): Promise<T> {
    if (key === undefined) return work();
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new ApiError('IDEMPOTENCY.KEY_INVALID', 'Idempotency-Key must be 1–200 visible ASCII characters (a UUID is a good choice)');
    }
    const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    // Forget expired keys of this user, then claim the key (or find who has it).
    await this.ds.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND created_at < now() - interval '${KEEP_HOURS} hours'`, [userId]);
    const claimed: unknown[] = await this.ds.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`,
      [userId, key, hash],
    );
    if (!claimed.length) {
      const rows: { request_hash: string; response_status: number | null; response_body: T; age: number }[] = await this.ds.query(
        `SELECT request_hash, response_status, response_body, extract(epoch FROM now() - created_at) AS age
           FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [userId, key],
      );
      const prior = rows[0];
      if (!prior) return this.run(userId, key, body, work); // released meanwhile: claim again
      if (prior.request_hash !== hash) {
        throw new ApiError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was used with a different request body: use a new key for a new request');
      }
      if (prior.response_status !== null) return prior.response_body;
      // TypeORM answers an UPDATE with [rows, affectedCount]: taken over only if a row was updated.
      const [, takenOver]: [unknown[], number] =
        Number(prior.age) > ABANDONED_SECONDS
          ? await this.ds.query(
              `UPDATE idempotency_keys SET created_at = now() WHERE user_id = $1 AND key = $2 AND response_status IS NULL
                 AND created_at < now() - interval '${ABANDONED_SECONDS} seconds' RETURNING key`,
              [userId, key],
            )
          : [[], 0];
      if (!takenOver) {
        throw new ApiError('IDEMPOTENCY.IN_PROGRESS', 'A request with this Idempotency-Key is still running: retry in a moment');
      }
    }
    try {
      const result = await work();
      await this.ds.query(`UPDATE idempotency_keys SET response_status = 201, response_body = $3 WHERE user_id = $1 AND key = $2`, [
        userId,
        key,
        JSON.stringify(result),
      ]);
      return result;
    } catch (err) {
      // A refused request changed nothing: free the key so the client can correct and retry.
      await this.ds.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2`, [userId, key]);
      throw err;
    }
  }
}
