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

/** A pool's total, idle and waiting counts as one gauge's `state` series (beside the labels given). */
export function setPoolUse(
  gauge: { set(labels: Record<string, string>, value: number): void },
  use: PoolUse,
  labels: Record<string, string> = {},
): void {
  gauge.set({ ...labels, state: 'total' }, use.total);
  gauge.set({ ...labels, state: 'idle' }, use.idle);
  gauge.set({ ...labels, state: 'waiting' }, use.waiting);
}

/**
 * The Prometheus gauge of this process's pool, the same in the API and the worker: prom-client `Gauge` options
 * but the registry (`new Gauge({ ...poolGauge(ds), registers })`).
 */
export function poolGauge(ds: DataSource) {
  return {
    name: 'taizhang_db_pool_connections',
    help: 'PostgreSQL pool of this process: total connections, idle ones, and queries waiting for one',
    labelNames: ['state'] as const,
    collect(this: { set(labels: Record<string, string>, value: number): void }) {
      setPoolUse(this, poolUse(ds));
    },
  };
}
