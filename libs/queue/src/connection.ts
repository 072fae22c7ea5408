/** BullMQ/ioredis connection options from a redis:// URL. */
export interface RedisConnectionOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: Record<string, never>;
  maxRetriesPerRequest: null;
  enableOfflineQueue?: boolean;
  connectTimeout?: number;
  retryStrategy?: (times: number) => number;
}

/**
 * Reconnect soon after Redis comes back: BullMQ's default backs off exponentially to 20 s, which left the
 * outbox undelivered long after a short Redis outage.
 */
export const reconnectDelayMs = (times: number): number => Math.min(250 * times, 2000);

export function redisConnection(
  redisUrl: string,
  extra: Partial<RedisConnectionOptions> = {},
): RedisConnectionOptions {
  const u = new URL(redisUrl);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && !Number.isNaN(db) ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    connectTimeout: 5000,
    retryStrategy: reconnectDelayMs,
    ...extra,
  };
}

/** Options for one try at Redis (the start-up checks): connect when asked, no retry, no reconnect, no queueing. */
export interface RedisProbeOptions extends Omit<
  RedisConnectionOptions,
  'maxRetriesPerRequest' | 'retryStrategy'
> {
  lazyConnect: true;
  maxRetriesPerRequest: 0;
  retryStrategy: () => null;
  enableOfflineQueue: false;
}

export function redisProbeOptions(redisUrl: string): RedisProbeOptions {
  return {
    ...redisConnection(redisUrl),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  };
}

export const START_REDIS_HINT =
  'start it (e.g. `redis-server --daemonize yes --bind 127.0.0.1 --port 6379`) or set REDIS_URL';
