import { Logger } from '@nestjs/common';
import { describeUrl } from '@taizhang/config';
import { ServiceUnavailableError } from '@taizhang/db';
import { START_REDIS_HINT, redisConnection } from '@taizhang/queue';
import { Redis } from 'ioredis';

/**
 * Reach Redis once and check the settings a job queue needs: `maxmemory-policy noeviction` (an evicted
 * job is a lost deadline) and, as a warning, persistence (without it a restart forgets delayed jobs;
 * the sweep then restores them from the database).
 */
export async function checkRedis(url: string, logger = new Logger('Redis')): Promise<void> {
  const r = new Redis({ ...redisConnection(url), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  r.on('error', () => undefined); // reported once, below, as one line
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    r.disconnect();
    throw new ServiceUnavailableError('Redis', describeUrl(url), START_REDIS_HINT, err);
  }
  try {
    const [, policy] = (await r.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy !== 'noeviction') {
      logger.warn(`maxmemory-policy is "${policy}": set it to noeviction, or Redis may evict queued jobs (the sweep will restore deadlines)`);
    }
    const [, aof] = (await r.config('GET', 'appendonly')) as [string, string];
    const [, save] = (await r.config('GET', 'save')) as [string, string];
    if (aof !== 'yes' && !save) {
      logger.warn('Redis persistence is off (no AOF, no RDB): a restart forgets delayed jobs until the sweep restores them');
    }
  } catch {
    logger.warn('could not read Redis settings (CONFIG GET refused): check maxmemory-policy noeviction yourself');
  } finally {
    r.disconnect();
  }
}
