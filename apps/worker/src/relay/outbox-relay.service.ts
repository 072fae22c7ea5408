import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { QUEUES, QueueName } from '@taizhang/queue';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';

const BATCH = 500;

interface OutboxRow {
  id: string;
  queue: QueueName;
  name: string;
  job_id: string;
  payload: Record<string, unknown>;
  run_at: Date;
}

/**
 * Moves outbox rows into BullMQ. Several relays may run at once: each claims rows with
 * FOR UPDATE SKIP LOCKED. Job ids are the rows' deterministic ids, so a row delivered twice
 * (crash after add, before commit) still makes one job.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.deadlines) deadlines: Queue,
    @InjectQueue(QUEUES.notifications) notifications: Queue,
    @InjectQueue(QUEUES.reports) reports: Queue,
    @InjectQueue(QUEUES.exports) exports: Queue,
  ) {
    this.queues = {
      [QUEUES.deadlines]: deadlines,
      [QUEUES.notifications]: notifications,
      [QUEUES.reports]: reports,
      [QUEUES.exports]: exports,
    };
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayOnce()
        .then((n) => this.schedule(n === BATCH ? 0 : this.config.relayIntervalMs))
        .catch((err: Error) => {
          this.logger.warn(`outbox relay: ${err.message}`);
          this.schedule(Math.max(this.config.relayIntervalMs, 1000));
        });
    }, ms);
  }

  /** Deliver one batch; answers how many rows were delivered. */
  async relayOnce(): Promise<number> {
    return this.ds.transaction(async (m) => {
      const rows: OutboxRow[] = await m.query(
        `SELECT id, queue, name, job_id, payload, run_at FROM outbox WHERE delivered_at IS NULL
          ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (!rows.length) return 0;
      const now = Date.now();
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const r of rows) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r]);
      const delivered: string[] = [];
      for (const [name, list] of byQueue) {
        const queue = this.queues[name];
        if (!queue) {
          await m.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
            list.map((r) => r.id),
            `unknown queue ${name}`,
          ]);
          continue;
        }
        try {
          await queue.addBulk(
            list.map((r) => ({
              name: r.name,
              data: r.payload,
              opts: { jobId: r.job_id, delay: Math.max(0, new Date(r.run_at).getTime() - now) },
            })),
          );
          delivered.push(...list.map((r) => r.id));
        } catch (err) {
          // Redis is down: the rows stay undelivered and are tried again; nothing is lost.
          await m.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
            list.map((r) => r.id),
            (err as Error).message.slice(0, 500),
          ]);
          throw err;
        }
      }
      if (delivered.length) {
        await m.query(`UPDATE outbox SET delivered_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [delivered]);
      }
      return delivered.length;
    });
  }
}
