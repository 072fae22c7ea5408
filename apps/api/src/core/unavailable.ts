/**
 * Errors that say PostgreSQL or Redis cannot be reached right now (as opposed to a fault in a request or in
 * our code): the exception filter answers them 503 UNAVAILABLE with Retry-After, never 500.
 */
export type Dependency = 'PostgreSQL' | 'Redis';

/** Seconds a client is told to wait before retrying a request refused because a dependency is down. */
export const RETRY_AFTER_SECONDS = 5;

/** Socket errors: the server refuses, resets, or does not answer. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/**
 * PostgreSQL SQLSTATEs of a server that is going away or not accepting work: class 08 (connection exception),
 * 57P01 admin_shutdown ("terminating connection due to administrator command"), 57P02 crash_shutdown,
 * 57P03 cannot_connect_now ("the database system is starting up / shutting down"), 53300 too_many_connections.
 */
function isUnavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

/** What `pg` and `pg-pool` say when a connection is lost or cannot be had (they carry no code). */
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Cannot use a pool after calling end|Query read timeout/i;

/** What TypeORM says when its data source has no connection (e.g. during shutdown). */
const TYPEORM_NAMES = new Set([
  'ConnectionIsNotSetError',
  'CannotExecuteNotConnectedError',
  'CannotConnectAlreadyConnectedError',
]);

/** What ioredis says when a command cannot be sent (no offline queue) or retries ran out. */
const REDIS_MESSAGES =
  /enableOfflineQueue|Stream isn't writeable|Connection is closed|Reached the max retries per request limit|Redis connection .* failed/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * The dependency an error says is unreachable, or null when it says something else. Looks through the
 * wrappers (TypeORM's QueryFailedError.driverError, `cause`, AggregateError.errors) a few levels deep.
 */
export function unavailableDependency(err: unknown): Dependency | null {
  const seen = new Set<unknown>();
  const walk = (e: unknown, depth: number, hint: Dependency | null): Dependency | null => {
    if (!e || typeof e !== 'object' || depth > 5 || seen.has(e)) return null;
    seen.add(e);
    const x = e as ErrorLike;
    const name = typeof x.name === 'string' ? x.name : '';
    const message = typeof x.message === 'string' ? x.message : '';
    const code = typeof x.code === 'string' ? x.code : '';
    const redisLike = name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(message);
    if (redisLike) return 'Redis';
    const fromPg = hint ?? (name === 'QueryFailedError' || 'driverError' in x ? 'PostgreSQL' : null);
    if (TYPEORM_NAMES.has(name)) return 'PostgreSQL';
    if (code && isUnavailableSqlState(code)) return 'PostgreSQL';
    if (PG_MESSAGES.test(message)) return 'PostgreSQL';
    if (code && NETWORK_CODES.has(code)) return fromPg ?? 'PostgreSQL';
    for (const inner of [x.driverError, x.cause, ...(Array.isArray(x.errors) ? x.errors : [])]) {
      const found = walk(inner, depth + 1, fromPg);
      if (found) return found;
    }
    return null;
  };
  return walk(err, 0, null);
}
