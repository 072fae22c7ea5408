import { Injectable } from '@nestjs/common';
import { PgQueryable, withIdempotencyKey } from '@taizhang/db';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiError } from '../../core/errors';

/** Work decided before writing (refusals are thrown here), answering its write on a pool or a connection. */
export type PreparedWork<T> = () => Promise<(db: DataSource | PgQueryable) => Promise<T>>;

/**
 * `Idempotency-Key` for POST requests, scoped to the user: a retry returns the first result; the same key
 * with a different body is a 422; a retry while the first is still running waits for it (a moment), then
 * answers its result, or a 409 if it is still running. The key and the request's writes commit in one
 * transaction (see `withIdempotencyKey`), so no crash can leave a result without its key or a key without
 * its result. Without a key the work runs as it would anyway: one autocommit statement.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly ds: DataSource) {}

  async run<T>(userId: string, key: string | undefined, body: unknown, prepare: PreparedWork<T>): Promise<T> {
    if (key === undefined) return (await prepare())(this.ds);
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new ApiError(
        'IDEMPOTENCY.KEY_INVALID',
        'Idempotency-Key must be 1–200 visible ASCII characters (a UUID is a good choice)',
      );
    }
    const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    // Decided before the key's transaction takes a connection (deciding reads through the pool); a refusal
    // is answered after the claim, so a key reused with another body is still a 422 first.
    const ready = await prepare().then(
      (write) => ({ write }),
      (refusal: unknown) => ({ refusal }),
    );
    const outcome = await withIdempotencyKey(this.ds, { userId, key, requestHash }, (db) => {
      if ('refusal' in ready) throw ready.refusal;
      return ready.write(db);
    });
    switch (outcome.kind) {
      case 'done':
        return outcome.result;
      case 'replay':
        return outcome.body as T;
      case 'reused':
        throw new ApiError(
          'IDEMPOTENCY.KEY_REUSED',
          'This Idempotency-Key was used with a different request body: use a new key for a new request',
        );
      case 'busy':
        throw new ApiError(
          'IDEMPOTENCY.IN_PROGRESS',
          'A request with this Idempotency-Key is still running: retry in a moment',
        );
    }
  }
}
