import { DelayedError, Job } from 'bullmq';

/** How long a job waits when PostgreSQL is unreachable before it is tried again. */
export const DATABASE_RETRY_MS = 5_000;

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
]);
const CONNECTION_MESSAGES =
  /Connection terminated|terminating connection|the database system is (starting up|shutting down|in recovery mode)|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/** PostgreSQL unreachable (refused, shut down, connection lost): not a fault of the job itself. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; driverError?: { code?: unknown } } | null;
  if (!e || typeof e !== 'object') return false;
  const code = String(e.code ?? e.driverError?.code ?? '');
  return CONNECTION_CODES.has(code) || CONNECTION_MESSAGES.test(String(e.message ?? ''));
}

/**
 * Runs a job's handler; when PostgreSQL is unreachable the job is put back for DATABASE_RETRY_MS without
 * spending one of its attempts (five attempts with back-off last about 30 s: an outage longer than that
 * would otherwise fail a notification for good). Any other error fails the attempt as usual.
 */
export async function postponeWhileDatabaseDown<T>(job: Job, token: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!token || !isDatabaseUnavailable(err)) throw err;
    await job.moveToDelayed(Date.now() + DATABASE_RETRY_MS, token);
    throw new DelayedError(`PostgreSQL unreachable (${(err as Error).message}): tried again in ${DATABASE_RETRY_MS / 1000} s`);
  }
}
