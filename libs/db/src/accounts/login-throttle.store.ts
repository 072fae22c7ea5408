import { DataSource, EntityManager } from 'typeorm';

/**
 * How one throttle key slows down guessing: the first `freeAttempts` attempts in a window pass at once;
 * from then on each attempt let through makes the next one wait 2^(n − freeAttempts) seconds, at most
 * `maxDelaySeconds`. Growing delays instead of a lockout: whoever guesses, the owner of the name waits at
 * most `maxDelaySeconds`, never for good. A quiet `windowSeconds` starts the count afresh.
 */
export interface ThrottlePolicy {
  freeAttempts: number;
  maxDelaySeconds: number;
  windowSeconds: number;
}

export interface ThrottleAnswer {
  /** false: refused without being counted; try again in `retryAfterSeconds`. */
  allowed: boolean;
  retryAfterSeconds: number;
  /** Attempts counted in the window, this one included when allowed. */
  attempts: number;
}

type Queryable = DataSource | EntityManager;

/**
 * Count one sign-in attempt on each key, in ONE statement: every row is updated under its row lock, so
 * concurrent attempts are counted one after the other and never pass the limit together (the count is
 * never read, checked and written in separate steps). An attempt blocked on a key is not counted on it.
 * `allowed` per key: its `updated_at` was set by this very statement (now() is the statement's time).
 */
export async function takeLoginAttempts(
  q: Queryable,
  keys: { key: string; policy: ThrottlePolicy }[],
): Promise<(ThrottleAnswer & { key: string })[]> {
  const rows: { key: string; failures: number; allowed: boolean; wait: number }[] = await q.query(
    `WITH k AS (SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS k(key, free, cap, win))
     INSERT INTO login_throttle AS t (key, failures, blocked_until, updated_at)
     SELECT k.key, 1, CASE WHEN 1 >= k.free THEN now() + make_interval(secs => least(power(2, 1 - k.free), k.cap)) END, now()
       FROM k ORDER BY k.key
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.blocked_until > now() THEN t.failures
                       WHEN t.updated_at < now() - make_interval(secs => (SELECT win FROM k WHERE k.key = t.key)) THEN 1
                       ELSE t.failures + 1 END,
       blocked_until = CASE
         WHEN t.blocked_until > now() THEN t.blocked_until
         WHEN t.updated_at < now() - make_interval(secs => (SELECT win FROM k WHERE k.key = t.key)) THEN NULL
         WHEN t.failures + 1 >= (SELECT free FROM k WHERE k.key = t.key)
           THEN now() + make_interval(secs => least(power(2, t.failures + 1 - (SELECT free FROM k WHERE k.key = t.key)), (SELECT cap FROM k WHERE k.key = t.key)))
         ELSE NULL END,
       updated_at = CASE WHEN t.blocked_until > now() THEN t.updated_at ELSE now() END
     RETURNING t.key, t.failures, t.updated_at = now() AS allowed,
       CASE WHEN t.blocked_until > now() THEN ceil(extract(epoch FROM t.blocked_until - now()))::int ELSE 0 END AS wait`,
    [
      keys.map((k) => k.key),
      keys.map((k) => k.policy.freeAttempts),
      keys.map((k) => k.policy.maxDelaySeconds),
      keys.map((k) => k.policy.windowSeconds),
    ],
  );
  return rows.map((r) => ({
    key: r.key,
    allowed: r.allowed,
    attempts: r.failures,
    retryAfterSeconds: Math.max(r.wait, 1),
  }));
}

/**
 * Give counted attempts back (a successful sign-in on an address; an attempt refused on another key):
 * one statement per call, never below zero; a block that only this attempt caused is lifted.
 */
export async function refundLoginAttempts(
  q: Queryable,
  keys: { key: string; policy: ThrottlePolicy }[],
): Promise<void> {
  if (!keys.length) return;
  await q.query(
    `UPDATE login_throttle AS t SET failures = greatest(t.failures - 1, 0),
            blocked_until = CASE WHEN t.failures - 1 < k.free THEN NULL ELSE t.blocked_until END
       FROM unnest($1::text[], $2::int[]) AS k(key, free) WHERE t.key = k.key`,
    [keys.map((k) => k.key), keys.map((k) => k.policy.freeAttempts)],
  );
}

/** Forget a key (a successful sign-in for the user name). */
export async function clearLoginAttempts(q: Queryable, key: string): Promise<void> {
  await q.query(`DELETE FROM login_throttle WHERE key = $1`, [key]);
}

/** Drop counters quiet for longer than `olderThanSeconds` (the table only holds recent guessing). */
export async function pruneLoginAttempts(q: Queryable, olderThanSeconds: number): Promise<void> {
  await q.query(
    `DELETE FROM login_throttle WHERE updated_at < now() - make_interval(secs => $1) AND (blocked_until IS NULL OR blocked_until < now())`,
    [olderThanSeconds],
  );
}
