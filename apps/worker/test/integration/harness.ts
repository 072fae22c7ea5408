import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@taizhang/config';
import { INSERT_OUTBOX, deadlineJobs, insertEvents, outboxParams } from '@taizhang/db';
import { openEvent } from '@taizhang/domain';
import type { MinimalWorld } from '@taizhang/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { WorkerModule, WorkerOptions } from '../../src/worker.module';

export function testConfig(extra: Record<string, string> = {}) {
  return loadConfig({
    ...process.env,
    LOG_LEVEL: 'warn',
    RELAY_INTERVAL_MS: '50',
    SWEEP_INTERVAL_MS: '3600000',
    WORKER_METRICS_PORT: '0',
    // retries after 0.1, 0.2, 0.4, 0.8 s (1, 2, 4, 8 s by default): the same five attempts, sooner
    JOB_BACKOFF_MS: '100',
    ...extra,
  });
}

/** The worker in-process (relay, processors, sweep) on the run's own database and Redis prefix. */
export async function startWorker(
  opts: WorkerOptions = {},
  extra: Record<string, string> = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(testConfig(extra), opts), {
    logger: ['error'],
  });
  await app.init();
  return app;
}

/** The part of a `seedMinimalWorld` world that cases (and exports) are made in. */
export type TownWorld = Pick<
  MinimalWorld,
  'townId' | 'countyId' | 'cityId' | 'enterpriseId' | 'userId' | 'townCode'
>;

/** A case opened at the town with the given deadlines, written the way the API writes one (case + event + hop + outbox). */
export async function openCaseDirect(
  ds: DataSource,
  w: TownWorld,
  respondBy: Date,
  resolveBy: Date,
  opts: { outbox?: boolean } = {},
): Promise<string> {
  return ds.transaction(async (m) => {
    const now = new Date();
    const [row] = await m.query(
      `INSERT INTO cases (ledger_no, enterprise_id, category_code, title, description, priority, status, level, unit_id, town_id, county_id, city_id,
                          respond_by, resolve_by, opened_by_id, opened_at, updated_at, version)
       VALUES ($1, $2, 'labor', '缺工', '缺少焊工', 'normal', 'open', 0, $3, $3, $4, $5, $6, $7, $8, $9, $9, 1) RETURNING id`,
      [
        `${w.townCode}-2026-${randomBytes(3).toString('hex')}`,
        w.enterpriseId,
        w.townId,
        w.countyId,
        w.cityId,
        respondBy,
        resolveBy,
        w.userId,
        now,
      ],
    );
    const id = row.id as string;
    await insertEvents(m, [{ caseId: id, actorId: w.userId, at: now, event: openEvent(w.townId) }]);
    await m.query(`INSERT INTO case_hops (case_id, unit_id, level, arrived_at) VALUES ($1, $2, 0, $3)`, [
      id,
      w.townId,
      now,
    ]);
    if (opts.outbox !== false)
      await m.query(INSERT_OUTBOX(1), outboxParams(deadlineJobs(id, 'open', respondBy, resolveBy, 'test')));
    return id;
  });
}

export async function eventTypes(ds: DataSource, caseId: string): Promise<string[]> {
  const rows: { type: string }[] = await ds.query(
    `SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq`,
    [caseId],
  );
  return rows.map((r) => r.type);
}
