import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { enableReadRouting } from './read-replica';

/** Connection failures a person can act on, told in one line. */
export class ServiceUnavailableError extends Error {
  constructor(
    readonly service: 'PostgreSQL' | 'Redis',
    readonly address: string,
    readonly hint: string,
    cause?: unknown,
  ) {
    super(`${service} is not reachable at ${address}: ${hint}`, { cause });
    this.name = 'ServiceUnavailableError';
  }
}

export const START_POSTGRES_HINT =
  'start it (e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`) or set DATABASE_URL';

function address(url: URL): string {
  return `${url.hostname}:${url.port || '5432'}`;
}

/** Create the database named in `url` if it does not exist (connects to the `postgres` database to do so). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Error(`DATABASE_URL names an unusual database "${name}": use letters, digits and _`);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new ServiceUnavailableError('PostgreSQL', address(url), START_POSTGRES_HINT, err);
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } catch (err) {
        if ((err as { code?: string }).code !== '42P04') throw err; // created concurrently
      }
    }
  } finally {
    await client.end();
  }
}

/**
 * Ensure the database, connect, run pending migrations. `connectTimeoutMs` bounds how long a query waits for
 * a connection (a free one from the pool, or a new one to the server): while PostgreSQL is unreachable, a
 * query then fails within that time instead of waiting for ever. It also turns on TCP keep-alive, so a
 * server that vanished without closing its connections is noticed.
 */
export async function openDatabase(
  databaseUrl: string,
  opts: {
    migrate?: boolean;
    poolSize?: number;
    connectTimeoutMs?: number;
    /** Read replicas (DATABASE_READ_URLS): used only for work run inside `onReplica` (see read-replica.ts). */
    readUrls?: string[];
  } = {},
): Promise<DataSource> {
  await ensureDatabase(databaseUrl);
  const readUrls = (opts.readUrls ?? []).filter(Boolean);
  const ds = createDataSource(databaseUrl, {
    // TypeORM's replication: the primary for everything (`defaultMode: 'master'`, so finds and query builders
    // stay there too), the replicas' pools for what `onReplica` routes to them
    ...(readUrls.length
      ? {
          replication: {
            master: { url: databaseUrl },
            slaves: readUrls.map((url) => ({ url })),
            defaultMode: 'master' as const,
          },
        }
      : {}),
    extra: {
      max: opts.poolSize ?? 10,
      application_name: 'taizhang',
      options: '-c jit=off',
      ...(opts.connectTimeoutMs
        ? {
            connectionTimeoutMillis: opts.connectTimeoutMs,
            keepAlive: true,
            keepAliveInitialDelayMillis: 10_000,
          }
        : {}),
    },
  });
  if (readUrls.length) tolerateReplicasDown(ds);
  try {
    await ds.initialize();
  } catch (err) {
    throw new ServiceUnavailableError('PostgreSQL', address(new URL(databaseUrl)), START_POSTGRES_HINT, err);
  }
  if (opts.migrate !== false) await runMigrations(ds);
  enableReadRouting(ds);
  return ds;
}

type PoolFactory = (options: unknown, credentials: { url?: string }) => Promise<unknown>;

/**
 * A read replica that cannot be reached at start-up must not keep the process from starting: TypeORM's
 * `connect` opens every pool and fails if any of them cannot connect once. For a replica, a failed first
 * connection leaves an unchecked pool in its place (node-postgres connects on demand), so the process starts
 * on the primary alone; the read routing keeps reads there until the replica answers its checks, and a
 * statement sent to it meanwhile is answered by the primary (read-replica.ts).
 */
function tolerateReplicasDown(ds: DataSource): void {
  const driver = ds.driver as unknown as {
    createPool: PoolFactory;
    postgres: { Pool: new (options: object) => { on(event: 'error', handler: (e: Error) => void): void } };
    options: { replication?: { slaves?: object[] }; extra?: object };
  };
  const createPool = driver.createPool.bind(driver);
  driver.createPool = async (options, credentials) => {
    if (!driver.options.replication?.slaves?.includes(credentials)) return createPool(options, credentials);
    try {
      return await createPool(options, credentials);
    } catch (err) {
      replicaStartupFailures.push({ url: redactUrl(credentials.url), message: (err as Error).message });
      // the pool TypeORM would have made (we pass only a URL and `extra`), without the first connection
      const pool = new driver.postgres.Pool({ connectionString: credentials.url, ...driver.options.extra });
      pool.on('error', () => undefined); // an idle connection that fails is dropped by the pool
      return pool;
    }
  };
}

/** The read replicas that could not be reached when the data source was opened (the process started anyway). */
export const replicaStartupFailures: { url: string; message: string }[] = [];

/** A connection URL without its password, fit for a log line. */
function redactUrl(url: string | undefined): string {
  try {
    const u = new URL(url ?? '');
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Run pending migrations, one process at a time (an advisory lock guards concurrent start-ups). */
export async function runMigrations(ds: DataSource): Promise<void> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(727274)');
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(727274)').catch(() => undefined);
    await runner.release();
  }
}

/** One round trip to PostgreSQL (`SELECT 1`): what the health probes ask. Rejects if it cannot. */
export async function pingDatabase(ds: DataSource): Promise<void> {
  await ds.query('SELECT 1');
}
