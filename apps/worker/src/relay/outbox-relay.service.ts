import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DEFAULT_JOB_OPTIONS, QUEUES, QueueName, redisConnection } from '@taizhang/queue';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';

const BATCH = 500;
/** An add that has not answered by then is given up (the rows stay undelivered and are tried again). */
const ADD_TIMEOUT_MS = 15_000;
/** Adds failing for this long while Redis may be back: the relay drops its connections and opens new ones. */
const REOPEN_AFTER_MS = 10_000;

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
  /** The relay's own queues (not the processors' connections), so it can drop and reopen them. */
  private queues: Record<QueueName, Queue> | null = null;
  private failingSince: number | null = null;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.closeQueues();
  }

  /**
   * Adds fail at once while Redis is unreachable (no offline queue): the outbox keeps the work. A connection
   * that stays unusable after Redis is back (seen once in CI: "Stream isn't writeable" for a minute after a
   * restart) cannot hold the outbox back: after REOPEN_AFTER_MS of failures the relay opens new connections.
   */
  private openQueues(): Record<QueueName, Queue> {
    if (!this.queues) {
      const opts = {
        connection: redisConnection(this.config.redisUrl, { enableOfflineQueue: false }),
        prefix: this.config.redisPrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      };
      const queues = {} as Record<QueueName, Queue>;
      for (const name of Object.values(QUEUES)) {
        const q = new Queue(name, opts);
        q.on('error', () => undefined); // reported by the relay as one warning per failed batch
        queues[name] = q;
      }
      this.queues = queues;
    }
    return this.queues;
  }

  private async closeQueues(): Promise<void> {
    const queues = this.queues;
    this.queues = null;
    if (!queues) return;
    await Promise.all(
      Object.values(queues).map((q) =>
        Promise.race([q.close(), new Promise((r) => setTimeout(r, 2000))]).catch(() => undefined).then(() => q.disconnect().catch(() => undefined)),
      ),
    );
  }

  private async failed(): Promise<void> {
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.failingSince >= REOPEN_AFTER_MS) {
      this.logger.warn(`outbox relay: adds have failed for ${Math.round((now - this.failingSince) / 1000)} s: opening new Redis connections`);
      this.failingSince = now;
      await this.closeQueues();
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayOnce()
        .then((n) => {
          this.failingSince = null;
          this.schedule(n === BATCH ? 0 : this.config.relayIntervalMs);
        })
        .catch(async (err: Error) => {
          this.logger.warn(`outbox relay: ${err.message}`);
          await this.failed();
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
        const queue = this.openQueues()[name];
        if (!queue) {
          await m.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
            list.map((r) => r.id),
            `unknown queue ${name}`,
          ]);
          continue;
        }
        try {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            queue.addBulk(
              list.map((r) => ({
                name: r.name,
                data: r.payload,
                opts: { jobId: r.job_id, delay: Math.max(0, new Date(r.run_at).getTime() - now) },
              })),
            ),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`Redis did not answer an add within ${ADD_TIMEOUT_MS / 1000} s`)), ADD_TIMEOUT_MS);
            }),
          ]).finally(() => clearTimeout(timer));
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
