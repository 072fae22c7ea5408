import { Logger } from '@nestjs/common';
import { describeUrl } from '@taizhang/config';
import { ServiceUnavailableError } from '@taizhang/db';
import { START_REDIS_HINT, redisProbeOptions } from '@taizhang/queue';
import { Redis } from 'ioredis';
import { withTimeout } from './bounded';

/** A Redis that accepts the connection but does not answer is as good as none. */
const CHECK_TIMEOUT_MS = 10_000;

/**
 * Reach Redis once and check the settings a job queue needs: `maxmemory-policy noeviction` (an evicted
 * job is a lost deadline) and, as a warning, persistence (without it a restart forgets delayed jobs;
 * the sweep then restores them from the database).
 */
export async function checkRedis(url: string, logger = new Logger('Redis')): Promise<void> {
  const r = new Redis(redisProbeOptions(url));
  r.on('error', () => undefined); // reported once, below, as one line
  try {
    await withTimeout(
      r.connect().then(() => r.ping()),
      CHECK_TIMEOUT_MS,
      'Redis',
    );
  } catch (err) {
    r.disconnect();
    throw new ServiceUnavailableError('Redis', describeUrl(url), START_REDIS_HINT, err);
  }
  try {
    const setting = async (name: string): Promise<string> => {
      const [, value] = (await withTimeout(r.config('GET', name), CHECK_TIMEOUT_MS, 'Redis')) as [
        string,
        string,
      ];
      return value;
    };
    const policy = await setting('maxmemory-policy');
    if (policy !== 'noeviction') {
      logger.warn(
        `maxmemory-policy is "${policy}": set it to noeviction, or Redis may evict queued jobs (the sweep will restore deadlines)`,
      );
    }
    const aof = await setting('appendonly');
    const save = await setting('save');
    if (aof !== 'yes' && !save) {
      logger.warn(
        'Redis persistence is off (no AOF, no RDB): a restart forgets delayed jobs until the sweep restores them',
      );
    }
  } catch {
    logger.warn(
      'could not read Redis settings (CONFIG GET refused): check maxmemory-policy noeviction yourself',
    );
  } finally {
    r.disconnect();
  }
}
