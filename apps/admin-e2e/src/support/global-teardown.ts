import { dropTestEnvironment } from '@taizhang/testing';
import { Started, stopProcess } from './system';

export default async function teardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)['__TZ_E2E__'] as
    { env: { databaseUrl: string; redisPrefix: string }; admin?: Started } | undefined;
  if (!state) return;
  await stopProcess(state.admin);
  await dropTestEnvironment(state.env.databaseUrl, state.env.redisPrefix);
}
