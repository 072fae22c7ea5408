import { Redis } from 'ioredis';
import { redisConnection } from '@taizhang/queue';

export const REDIS = Symbol('REDIS');

/** A Redis client that fails fast (no offline queue): callers decide what to do when Redis is down. */
export function createRedis(url: string): Redis {
  return new Redis({
    ...redisConnection(url, { enableOfflineQueue: false }),
    maxRetriesPerRequest: 1,
    lazyConnect: false,
  });
}
