import { createTestEnvironment, dropTestEnvironment } from '@taizhang/testing';
import {
  ADMIN_PORT,
  API,
  API_PORT,
  Started,
  TEMPLATE_DONE_AT_ENV,
  TEMPLATE_ENV,
  startProcess,
  stopProcess,
  waitFor,
  waitForOutput,
} from './system';
import { databaseNow, portFree, processEnv, quiet } from './world';

/**
 * Load the demo world once into a database of its own (the API with DEMO_DATA, stopped again once it
 * answers), and let a worker do its backlog (stopped again once it is quiet): every spec's world is a copy
 * of it (world.ts). Start the admin app server, which proxies
 * to whichever world's API is on E2E_API_PORT.
 */
export default async function setup(): Promise<void> {
  await Promise.all([portFree(API_PORT), portFree(ADMIN_PORT)]);
  const env = await createTestEnvironment();
  // what teardown removes
  const state: { env: typeof env; admin?: Started } = { env };
  (globalThis as Record<string, unknown>)['__TZ_E2E__'] = state;
  try {
    await load(state);
  } catch (e) {
    // Jest runs no global teardown when the setup fails: remove what was made here (a template database
    // left behind on the shared server, an admin server on the port)
    await stopProcess(state.admin);
    await dropTestEnvironment(env.databaseUrl, env.redisPrefix);
    (globalThis as Record<string, unknown>)['__TZ_E2E__'] = undefined;
    throw e;
  }
}

async function load(state: {
  env: { databaseUrl: string; redisPrefix: string };
  admin?: Started;
}): Promise<void> {
  const { env } = state;
  const api = startProcess('template.api', 'dist/apps/api/main.js', {
    ...processEnv(env.databaseUrl, env.redisPrefix),
    PORT: String(API_PORT),
    DEMO_DATA: 'true',
  });
  try {
    // the API answers once it has loaded the demo world: minutes when the machine is busy (it fails at once
    // should the process exit)
    await waitFor(`${API}/api/health`, api, 600_000);
  } finally {
    await stopProcess(api);
  }
  // the demo world's backlog (its cases are backdated), done once here instead of by every world's worker
  const worker = startProcess('template.worker', 'dist/apps/worker/main.js', {
    ...processEnv(env.databaseUrl, env.redisPrefix),
    RELAY_INTERVAL_MS: '100',
  });
  try {
    await waitForOutput(worker, /worker running/);
    await quiet({ name: 'template', databaseUrl: env.databaseUrl, redisPrefix: env.redisPrefix });
    process.env[TEMPLATE_DONE_AT_ENV] = await databaseNow(env.databaseUrl);
  } finally {
    await stopProcess(worker);
  }
  process.env[TEMPLATE_ENV] = env.databaseUrl;
  state.admin = startProcess('admin', 'tools/serve-admin.mjs', {
    ADMIN_PORT: String(ADMIN_PORT),
    API_URL: API,
  });
  await waitFor(`http://127.0.0.1:${ADMIN_PORT}/`, state.admin);
}
