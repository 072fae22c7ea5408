import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner, ReplicationMode } from 'typeorm';
import { pgPool, type PgPool } from './prepared';

/**
 * Read replicas (optional: `DATABASE_READ_URLS`). The data source is opened with TypeORM's replication
 * (`replication: { master, slaves, defaultMode: 'master' }`), so everything stays on the primary unless a
 * piece of work is run inside `onReplica(…)`: then the statements it sends through the data source
 * (`DataSource.query`, `EntityManager.query` on the data source's manager, finds and select query builders,
 * `queryPrepared`) go to a replica — read-only ones only (a statement that writes, or locks, still goes to the
 * primary), and a replica that fails or refuses (read-only transaction, recovery conflict, connection) is
 * answered by the primary instead. Transactions (`ds.transaction`, a query runner of one's own) always run on
 * the primary: they hold a master connection and pass it along.
 *
 * Whether a request may read from a replica (read-your-writes, the replica's lag) is decided by the caller
 * (the API's ReadRouting); this module only routes.
 */
interface Scope {
  replica: boolean;
}
const scope = new AsyncLocalStorage<Scope>();

/**
 * Run `work` with its reads routed to a read replica (when the data source has one). Whatever `work` starts
 * (promises, an Observable whose subscription Nest binds to this context) stays in the scope.
 */
export function onReplica<T>(work: () => T): T {
  return scope.run({ replica: true }, work);
}

/** Statements a replica may answer: a plain SELECT / WITH … SELECT, nothing that writes or locks rows. */
const READ_ONLY = /^\s*(\(\s*)*(select|with)\b/i;
const WRITES =
  /\b(insert|update|delete|merge|for\s+(no\s+key\s+)?update|for\s+(key\s+)?share|nextval|setval|pg_advisory\w*|pg_notify)\b/i;
export function isReadOnlyStatement(sql: string): boolean {
  return READ_ONLY.test(sql) && !WRITES.test(sql);
}

/** Errors a replica can answer with that the primary would not have: ask the primary instead. */
export function replicaTrouble(err: unknown): boolean {
  const code =
    (err as { code?: string; driverError?: { code?: string } })?.driverError?.code ??
    (err as { code?: string })?.code;
  // 25006 read_only_sql_transaction, 40001 serialization failure (recovery conflict), 57P0x shutdown,
  // 08xxx connection, and node-postgres' own connection errors (no SQLSTATE)
  return !code || code === '25006' || code === '40001' || /^57P0|^08/.test(code) || /^E[A-Z]+$/.test(code);
}

/** Counters a test or the metrics can read: statements answered by a replica, and those sent back. */
export const replicaCounters = { replicaStatements: 0, fallbacks: 0 };

function hasReplicas(ds: DataSource): boolean {
  return ((ds.driver as unknown as { slaves?: unknown[] }).slaves?.length ?? 0) > 0;
}

/** Whether the data source was opened with read replicas. */
export function readReplicasConfigured(ds: DataSource): boolean {
  return hasReplicas(ds);
}

/** Whether a statement sent now, on its own, should go to a replica. */
export function wantsReplica(ds: DataSource, sql?: string): boolean {
  return !!scope.getStore()?.replica && hasReplicas(ds) && (sql === undefined || isReadOnlyStatement(sql));
}

const ROUTED = Symbol('taizhang.readRouting');

/**
 * Makes the data source honour `onReplica`: its `query` (without a query runner of the caller's) sends a
 * read-only statement to a replica, and its finds / select query builders default to the replica inside the
 * scope and to the primary outside it. Idempotent; a no-op without replicas.
 */
export function enableReadRouting(ds: DataSource): void {
  const target = ds as DataSource & { [ROUTED]?: true };
  if (target[ROUTED] || !hasReplicas(ds)) return;
  target[ROUTED] = true;
  const query = ds.query.bind(ds);
  ds.query = (async (sql: string, parameters?: unknown[], queryRunner?: QueryRunner) => {
    if (queryRunner || !wantsReplica(ds, sql)) return query(sql, parameters, queryRunner);
    const runner = ds.createQueryRunner('slave');
    try {
      const rows = await runner.query(sql, parameters);
      replicaCounters.replicaStatements++;
      return rows;
    } catch (err) {
      if (!replicaTrouble(err)) throw err;
      replicaCounters.fallbacks++;
      return query(sql, parameters);
    } finally {
      await runner.release();
    }
  }) as DataSource['query'];
  const defaultMode = ds.defaultReplicationModeForReads.bind(ds);
  ds.defaultReplicationModeForReads = (): ReplicationMode =>
    scope.getStore()?.replica ? 'slave' : defaultMode();
}

/**
 * The primary's current WAL insert position (text, e.g. '0/3000148'), or null if it answered none: past the
 * commit record of every transaction that has committed, even with `synchronous_commit = off` (where a commit
 * returns before its record is written, so `pg_current_wal_lsn()`, the write position, may lie before it).
 */
export async function primaryWalLsn(ds: DataSource): Promise<string | null> {
  const { rows } = await pgPool(ds).query({ text: 'SELECT pg_current_wal_insert_lsn()::text AS lsn' });
  return (rows[0] as { lsn: string | null } | undefined)?.lsn ?? null;
}

/** The WAL position a read replica has replayed up to, or null if it is not replaying (not in recovery). */
export async function replicaReplayLsn(replica: PgPool): Promise<string | null> {
  const { rows } = await replica.query({
    text: 'SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS lsn',
  });
  const row = rows[0] as { recovery: boolean; lsn: string | null } | undefined;
  return row?.recovery ? (row.lsn ?? null) : null;
}

/** The pools of the read replicas TypeORM opened (its replication option), empty without them. */
export function replicaPools(ds: DataSource): PgPool[] {
  return (ds.driver as unknown as { slaves?: PgPool[] }).slaves ?? [];
}
