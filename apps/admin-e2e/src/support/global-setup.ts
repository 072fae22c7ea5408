import { createTestEnvironment } from '@taizhang/testing';
import { ADMIN_PASSWORD, ADMIN_PORT, API, API_PORT, startProcess, waitFor } from './system';

/** Start the real system (API with demo data, worker, admin server) on a database of its own. */
export default async function setup(): Promise<void> {
  const env = await createTestEnvironment();
  const common = {
    DATABASE_URL: env.databaseUrl,
    REDIS_PREFIX: env.redisPrefix,
    NODE_ENV: 'test',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'log',
  };
  const api = startProcess('api', 'dist/apps/api/main.js', { ...common, PORT: String(API_PORT), DEMO_DATA: 'true' });
  await waitFor(`${API}/api/health`, api);
  const worker = startProcess('worker', 'dist/apps/worker/main.js', { ...common, RELAY_INTERVAL_MS: '100' });
  const admin = startProcess('admin', 'tools/serve-admin.mjs', { ADMIN_PORT: String(ADMIN_PORT), API_URL: API });
  await waitFor(`http://127.0.0.1:${ADMIN_PORT}/`, admin);
  (globalThis as Record<string, unknown>)['__TZ_E2E__'] = { env, pids: [api.pid, worker.pid, admin.pid] };
}
