import { createTestEnvironment, dropTestEnvironment } from '@taizhang/testing';
import { ADMIN_PORT, API, API_PORT, Started, startProcess, stopProcess, waitFor } from './system';
import { loadTemplate, portFree } from './world';

/**
 * Load the demo world once into a database of its own, the template every spec's world is a copy of
 * (`loadTemplate`, world.ts). Start the admin app server, which proxies to whichever world's API is on
 * E2E_API_PORT.
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
  await loadTemplate(state.env);
  state.admin = startProcess('admin', 'tools/serve-admin.mjs', {
    ADMIN_PORT: String(ADMIN_PORT),
    API_URL: API,
  });
  await waitFor(`http://127.0.0.1:${ADMIN_PORT}/`, state.admin);
}
