/**
 * A world per spec file: its own copy of the demo database, its own Redis key prefix, and its own API and
 * worker processes. What one spec does (a town's deadlines shortened to seconds, cases opened, notifications
 * sent, the calendar edited) is never seen by another. Global setup loads the demo world once into a
 * template database; every spec's database is a `CREATE DATABASE … TEMPLATE` copy of it (a second or so),
 * so no spec pays for the demo data again. Global setup also lets a worker take the template's backlog
 * (the demo cases are backdated: missed deadlines, escalations, notifications, the past days' reports) before
 * it is copied, so a world's own worker starts with little left to do (see `handOverJobs`). Specs run one at
 * a time, so each world uses the same ports and the one admin app server started by global setup.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { basename } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { TEST_REDIS_URL, assertTestDatabase, dropTestEnvironment, eventually } from '@taizhang/testing';
import {
  ADMIN,
  ADMIN_PASSWORD,
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

export interface World {
  name: string;
  databaseUrl: string;
  redisPrefix: string;
  api?: Started;
  worker?: Started;
}

/** The settings every process of a world gets (the template's own load uses them too). */
export function processEnv(databaseUrl: string, redisPrefix: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: redisPrefix,
    NODE_ENV: 'test',
    ADMIN_PASSWORD,
    LOG_LEVEL: 'log',
    // the enterprise's confirmation links point to this run's admin server
    PUBLIC_URL: ADMIN,
  };
}

/** A fresh copy of the demo database (PostgreSQL's template copy; the template has no connections). */
async function copyTemplate(templateUrl: string, suffix: string): Promise<string> {
  const template = assertTestDatabase(templateUrl);
  const url = new URL(templateUrl);
  url.pathname = `/taizhang_test_${suffix}`;
  const name = assertTestDatabase(url.toString());
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The template's worker handed every outbox row to the template's own Redis prefix, where the jobs still to
 * come (deadlines that have not fallen due yet, and any row due since the template's backlog was done, at
 * `doneAt`) stay behind when the copy is made. Hand those rows to the world's own worker again, as a worker
 * starting on a database whose rows were never delivered would take them (the same job ids, the same run
 * times); what the template's worker did already (the backlog) is in the copy's tables.
 */
async function handOverJobs(databaseUrl: string, doneAt: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`UPDATE outbox SET delivered_at = NULL WHERE delivered_at IS NOT NULL AND run_at > $1`, [
      doneAt,
    ]);
  } finally {
    await db.end();
  }
}

/** PostgreSQL's clock now (ISO). */
export async function databaseNow(databaseUrl: string): Promise<string> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [row] = (await db.query(`SELECT now() AS now`)).rows as { now: Date }[];
    if (!row) throw new Error('SELECT now() answered no row');
    return row.now.toISOString();
  } finally {
    await db.end();
  }
}

/** Nothing listens on the port (else a health check could be answered by another world's API). */
export async function portFree(port: number, timeoutMs = 20_000): Promise<void> {
  const listening = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
  await eventually(`port ${port} to be free`, async () => !(await listening()), timeoutMs, 200).catch(() => {
    throw new Error(`port ${port} is in use by another process: set E2E_API_PORT to a free port`);
  });
}

/** The API of a world (or of the template) on API_PORT: started, not yet answering (see `waitFor`). */
function startApi(world: World, extra: Record<string, string> = {}): Started {
  return startProcess(`${world.name}.api`, 'dist/apps/api/main.js', {
    ...processEnv(world.databaseUrl, world.redisPrefix),
    PORT: String(API_PORT),
    ...extra,
  });
}

/** The worker of a world (or of the template): started, not yet running (see `waitForOutput`). */
function startWorker(world: World): Started {
  return startProcess(`${world.name}.worker`, 'dist/apps/worker/main.js', {
    ...processEnv(world.databaseUrl, world.redisPrefix),
    RELAY_INTERVAL_MS: '100',
  });
}

/**
 * Load the demo world once into the template database (the API with DEMO_DATA, stopped again once it
 * answers), and let a worker do its backlog (stopped again once it is quiet): every spec's world is a copy
 * of it (global setup).
 */
export async function loadTemplate(env: { databaseUrl: string; redisPrefix: string }): Promise<void> {
  const template: World = { name: 'template', databaseUrl: env.databaseUrl, redisPrefix: env.redisPrefix };
  const api = startApi(template, { DEMO_DATA: 'true' });
  try {
    // the API answers once it has loaded the demo world: minutes when the machine is busy (it fails at once
    // should the process exit)
    await waitFor(`${API}/api/health`, api, 600_000);
  } finally {
    await stopProcess(api);
  }
  // the demo world's backlog (its cases are backdated), done once here instead of by every world's worker
  const worker = startWorker(template);
  try {
    await waitForOutput(worker, /worker running/);
    await quiet(template);
    process.env[TEMPLATE_DONE_AT_ENV] = await databaseNow(env.databaseUrl);
  } finally {
    await stopProcess(worker);
  }
  process.env[TEMPLATE_ENV] = env.databaseUrl;
}

export async function startWorld(specPath: string): Promise<World> {
  const templateUrl = process.env[TEMPLATE_ENV];
  const doneAt = process.env[TEMPLATE_DONE_AT_ENV];
  if (!templateUrl || !doneAt)
    throw new Error(`${TEMPLATE_ENV} or ${TEMPLATE_DONE_AT_ENV} is not set: global setup did not run`);
  await portFree(API_PORT);
  const suffix = randomBytes(5).toString('hex');
  const name = basename(specPath).replace(/\.e2e-spec\.ts$/, '');
  const world: World = {
    name,
    databaseUrl: await copyTemplate(templateUrl, suffix),
    redisPrefix: `taizhang_test_${suffix}`,
  };
  try {
    await handOverJobs(world.databaseUrl, doneAt);
    world.api = startApi(world);
    world.worker = startWorker(world);
    // minutes when the machine is busy (a run at load 45 on 2 cores took over 120 s); fails at once if it exits
    await waitFor(`${API}/api/health`, world.api, 300_000);
    await waitForOutput(world.worker, /worker running/);
    await quiet(world);
  } catch (e) {
    await stopWorld(world);
    throw e;
  }
  return world;
}

/**
 * Wait until the worker has nothing left to do: the demo world's cases are backdated, so a new worker
 * first handles their missed deadlines (overdue marks, escalations, notifications) and freezes the past
 * days' reports (global setup does that burst once for the template; a world's worker then only has what
 * fell due since, and its own schedule). A spec starts after that, so nothing changes under it but what it
 * does itself.
 * Quiet: no undelivered outbox row, no deadline due in the database, and no job waiting or running.
 */
export async function quiet(world: World, timeoutMs = 150_000): Promise<void> {
  const db = new Client({ connectionString: world.databaseUrl });
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  await db.connect();
  try {
    const busy = async (): Promise<string> => {
      const [row] = (
        await db.query(`
          SELECT (SELECT count(*) FROM outbox WHERE delivered_at IS NULL)::int AS outbox,
                 (SELECT count(*) FROM cases
                   WHERE status IN ('open','in_progress','escalated')
                     AND ((respond_by <= now() AND NOT overdue AND status IN ('open','escalated'))
                       OR (resolve_by <= now() AND (NOT overdue OR (level = 0 AND returned_from_unit_id IS NULL)))))::int AS due`)
      ).rows as { outbox: number; due: number }[];
      // every queue's waiting, running and prioritized jobs (BullMQ keys `<prefix>:<queue>:<state>`)
      let jobs = 0;
      for (const state of ['wait', 'active', 'prioritized']) {
        const keys = await redis.keys(`${world.redisPrefix}:*:${state}`);
        for (const key of keys)
          jobs += state === 'prioritized' ? await redis.zcard(key) : await redis.llen(key);
      }
      return row && (row.outbox || row.due || jobs)
        ? `${row.outbox} outbox rows, ${row.due} due, ${jobs} jobs`
        : '';
    };
    let last = '';
    // quiet twice in a row, a poll apart (a job that just ended may not have written its outbox rows yet)
    let calm = 0;
    await eventually(
      `the worker to finish the demo world's backlog (${world.name})`,
      async () => {
        last = await busy();
        calm = last ? 0 : calm + 1;
        return calm >= 2;
      },
      timeoutMs,
      250,
    ).catch((e: Error) => {
      throw new Error(`${e.message}; last seen: ${last}`);
    });
  } finally {
    await db.end();
    redis.disconnect();
  }
}

/** Stop the world's processes (the port is free again when this resolves) and drop its database and keys. */
export async function stopWorld(world: World | undefined): Promise<void> {
  if (!world) return;
  await Promise.all([stopProcess(world.api), stopProcess(world.worker)]);
  await dropTestEnvironment(world.databaseUrl, world.redisPrefix);
}
