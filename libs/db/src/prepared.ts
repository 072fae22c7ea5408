import { DataSource, QueryFailedError } from 'typeorm';
import { replicaCounters, wantsReplica } from './read-replica';

/** A statement PostgreSQL parses and plans once per connection, then only executes. */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

const NAMES = new Map<string, string>();

/**
 * Names a hot statement. `DataSource.query` sends every statement unnamed, so PostgreSQL parses and plans it
 * on every call: for the intake statement (a read and eight data-modifying CTEs) that was a third of its cost
 * (pgbench at 50 clients, 1M cases: 951 statements/s unnamed, 1,472/s prepared). One name, one text: a
 * second text under a name already taken is a programming error, caught here rather than by PostgreSQL.
 */
export function prepared(name: string, text: string): PreparedStatement {
  const known = NAMES.get(name);
  if (known !== undefined && known !== text)
    throw new Error(`prepared statement "${name}" is already defined with another text`);
  NAMES.set(name, text);
  return { name, text };
}

/** What runs a `pg` query: the data source's pool (autocommit), or one connection taken from it. */
export interface PgQueryable {
  query(config: {
    name?: string;
    text: string;
    values?: unknown[];
  }): Promise<{ rows: Record<string, unknown>[]; rowCount?: number | null }>;
}

/** One connection of the pool, held until `release` (passing an error destroys it instead of reusing it). */
export interface PgPoolClient extends PgQueryable {
  release(err?: Error | boolean): void;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'error', listener: (err: Error) => void): unknown;
}

export interface PgPool extends PgQueryable {
  connect(): Promise<PgPoolClient>;
}

/** The postgres driver's `pg.Pool` behind a data source. */
export function pgPool(ds: DataSource): PgPool {
  return (ds.driver as unknown as { master: PgPool }).master;
}

/**
 * Runs a named statement on the data source's `pg` pool (autocommit: one statement, one transaction), or on
 * one connection (inside the transaction open on it). Failures come back as TypeORM's `QueryFailedError`, as
 * from `DataSource.query`, so the API maps PostgreSQL's error codes the same way whichever path ran it.
 */
export async function queryPrepared<T = Record<string, unknown>>(
  on: DataSource | PgQueryable,
  stmt: PreparedStatement,
  values: unknown[],
): Promise<T[]> {
  if ('driver' in on && wantsReplica(on, stmt.text)) {
    const slaves = (on.driver as unknown as { slaves: PgPool[] }).slaves;
    try {
      const res = await slaves[Math.floor(Math.random() * slaves.length)].query({
        name: stmt.name,
        text: stmt.text,
        values,
      });
      replicaCounters.replicaStatements++;
      return res.rows as T[];
    } catch {
      replicaCounters.fallbacks++; // the primary answers instead (and reports its own error, if any)
    }
  }
  const target = 'driver' in on ? pgPool(on) : on;
  try {
    const res = await target.query({ name: stmt.name, text: stmt.text, values });
    return res.rows as T[];
  } catch (err) {
    throw asQueryFailed(err, stmt.text, values);
  }
}

/** A PostgreSQL error (it has a code) as TypeORM's `QueryFailedError`; anything else unchanged. */
export function asQueryFailed(err: unknown, text: string, values: unknown[] = []): unknown {
  if (err instanceof Error && 'code' in err && !(err instanceof QueryFailedError))
    return new QueryFailedError(text, values, err);
  return err;
}
