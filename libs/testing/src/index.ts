/**
 * Test harness for tests against real PostgreSQL and Redis: every run gets a database named
 * `taizhang_test_<random>` and a Redis key prefix of its own, and both are removed at the end.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { openDatabase } from '@taizhang/db';

const SERVER_URL = process.env['TEST_DATABASE_SERVER'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export function assertTestDatabase(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/test/.test(name))
    throw new Error(`refusing to use database "${name}" for tests: its name must contain "test"`);
  return name;
}

/** Create and migrate a fresh database; answers its URL and a Redis prefix for the run. */
export async function createTestEnvironment(): Promise<{ databaseUrl: string; redisPrefix: string }> {
  const suffix = randomBytes(5).toString('hex');
  const url = new URL(SERVER_URL);
  url.pathname = `/taizhang_test_${suffix}`;
  const databaseUrl = url.toString();
  assertTestDatabase(databaseUrl);
  const ds = await openDatabase(databaseUrl, { poolSize: 2 });
  await ds.destroy();
  return { databaseUrl, redisPrefix: `taizhang_test_${suffix}` };
}

export async function dropTestEnvironment(databaseUrl: string, redisPrefix: string): Promise<void> {
  const name = assertTestDatabase(databaseUrl);
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await deleteRedisPrefix(TEST_REDIS_URL, redisPrefix);
}

export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  if (!/test/.test(prefix))
    throw new Error(`refusing to delete Redis keys of "${prefix}": not a test prefix`);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * The header row the ledger workbook (台账) must have, as its readers know it: the API's download and the
 * worker's export job write the same workbook, and their specs check it against this.
 */
export const LEDGER_WORKBOOK_HEADER = [
  '台账编号',
  '企业',
  '类别',
  '问题',
  '状态',
  '层级',
  '当前单位',
  '紧急',
  '超期',
  '登记时间',
  '办结时限',
  '解决时间',
  '销号时间',
  '办理结果',
  '满意度评分',
  '评价意见',
];

/** Wait until `probe` answers something truthy (or time out with `what` in the message). */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const t0 = Date.now();
  let last: unknown;
  while (Date.now() - t0 < timeoutMs) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** The ids of a world made by `seedMinimalWorld`. */
export interface MinimalWorld {
  cityId: string;
  countyId: string;
  townId: string;
  bureauId: string;
  cityBureauId: string;
  enterpriseId: string;
  userId: string;
  townCode: string;
}

/** A minimal world straight in SQL (for tests of the worker, which has no HTTP API). */
export async function seedMinimalWorld(
  q: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>,
  tag = randomBytes(3).toString('hex'),
): Promise<MinimalWorld> {
  const unit = async (code: string, kind: string, parentId: string | null, cats: string[] = []) =>
    (
      await q(
        `INSERT INTO units (code, name, kind, parent_id, category_codes) VALUES ($1, $1, $2, $3, $4) RETURNING id`,
        [code, kind, parentId, cats],
      )
    )[0]?.['id'] as string;
  const cityId = await unit(`C${tag}`, 'city', null);
  const countyId = await unit(`K${tag}`, 'county', cityId);
  const townId = await unit(`T${tag}`, 'town', countyId);
  const bureauId = await unit(`KB${tag}`, 'bureau', countyId, ['labor']);
  const cityBureauId = await unit(`CB${tag}`, 'bureau', cityId, ['labor']);
  await q(
    `INSERT INTO routing_rules (category_code, unit_id, bureau_id) VALUES ('labor', $1, $2), ('labor', $3, $4)`,
    [countyId, bureauId, cityId, cityBureauId],
  );
  const userId = (
    await q(
      `INSERT INTO users (username, display_name, role, unit_id, password_hash) VALUES ($1, $1, 'coordinator', $2, 'x') RETURNING id`,
      [`u${tag}`, townId],
    )
  )[0]?.['id'] as string;
  const enterpriseId = (
    await q(
      `INSERT INTO enterprises (name, credit_code, scale, unit_id, town_id) VALUES ($1, $1, 'above', $2, $2) RETURNING id`,
      [`E${tag}`, townId],
    )
  )[0]?.['id'] as string;
  return { cityId, countyId, townId, bureauId, cityBureauId, enterpriseId, userId, townCode: `T${tag}` };
}
export * from './processes';
export * from './chromium';
