import { Inject, Injectable } from '@nestjs/common';
import { pingDatabase } from '@taizhang/db';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '../../core/redis';

export type Up = 'up' | 'down';

/** How long a probe waits for PostgreSQL or Redis before it calls it down. */
const PROBE_MS = 2000;

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

const state = (p: Promise<unknown>): Promise<Up> =>
  within(p, PROBE_MS).then(
    () => 'up' as const,
    () => 'down' as const,
  );

/** Whether PostgreSQL and Redis answer, each within PROBE_MS. */
@Injectable()
export class HealthService {
  constructor(
    private readonly ds: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  db(): Promise<Up> {
    return state(pingDatabase(this.ds));
  }

  redisState(): Promise<Up> {
    return state(this.redis.ping());
  }
}
