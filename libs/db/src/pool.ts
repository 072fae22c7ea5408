import type { DataSource } from 'typeorm';

/** What the process's PostgreSQL pool holds right now (node-postgres' own counters; no query). */
export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
}

type CountedPool = { totalCount?: number; idleCount?: number; waitingCount?: number };
const useOf = (pool: CountedPool | undefined): PoolUse => ({
  total: pool?.totalCount ?? 0,
  idle: pool?.idleCount ?? 0,
  waiting: pool?.waitingCount ?? 0,
});

export function poolUse(ds: DataSource): PoolUse {
  return useOf((ds.driver as unknown as { master?: CountedPool }).master);
}

/** The same for each read replica's pool (DATABASE_READ_URLS, in order); empty without replicas. */
export function replicaPoolUse(ds: DataSource): PoolUse[] {
  return ((ds.driver as unknown as { slaves?: CountedPool[] }).slaves ?? []).map(useOf);
}
