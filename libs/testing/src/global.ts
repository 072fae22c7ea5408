/** Jest globalSetup/globalTeardown bodies: a database and Redis prefix of their own per run. */
import { createTestEnvironment, dropTestEnvironment } from './index';

export async function setup(): Promise<void> {
  const env = await createTestEnvironment();
  process.env['DATABASE_URL'] = env.databaseUrl;
  process.env['REDIS_PREFIX'] = env.redisPrefix;
  process.env['NODE_ENV'] = 'test';
  process.env['LOG_LEVEL'] = process.env['LOG_LEVEL'] ?? 'warn';
}

export async function teardown(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  const prefix = process.env['REDIS_PREFIX'];
  if (url && prefix) await dropTestEnvironment(url, prefix);
}
