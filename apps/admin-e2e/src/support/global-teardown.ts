import { dropTestEnvironment } from '@taizhang/testing';

export default async function teardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)['__TZ_E2E__'] as
    | { env: { databaseUrl: string; redisPrefix: string }; pids: (number | undefined)[] }
    | undefined;
  if (!state) return;
  for (const pid of state.pids) {
    try {
      if (pid) process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  await new Promise((r) => setTimeout(r, 1500));
  for (const pid of state.pids) {
    try {
      if (pid) process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  await dropTestEnvironment(state.env.databaseUrl, state.env.redisPrefix);
}
