import type { DataSource } from 'typeorm';

/** What the process's PostgreSQL pool holds right now (node-postgres' own counters; no query). */
export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
}

export function poolUse(ds: DataSource): PoolUse {
  const pool = (
    ds.driver as unknown as { master?: { totalCount?: number; idleCount?: number; waitingCount?: number } }
  ).master;
  return { total: pool?.totalCount ?? 0, idle: pool?.idleCount ?? 0, waiting: pool?.waitingCount ?? 0 };
}
