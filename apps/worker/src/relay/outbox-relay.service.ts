import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { OutboxRow, claimOutboxBatch, markOutboxDelivered, markOutboxFailed } from '@taizhang/db';
import { QUEUES, QueueName, jobOptions, redisConnection } from '@taizhang/queue';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { settledWithin, withTimeout } from '../bounded';
import { APP_CONFIG, AppConfig } from '../config';

const BATCH = 500;
/** An add that has not answered by then is given up (the rows stay undelivered and are tried again). */
const ADD_TIMEOUT_MS = 10_000;
/** A whole batch (claim, add, mark) that has not finished by then no longer holds the loop up. */
const TICK_TIMEOUT_MS = 30_000;
/** Adds failing for this long: the relay drops its Redis connection and opens a new one. */
const REOPEN_AFTER_MS = 10_000;
/** How long a batch waits for a connection that is (re)connecting before it gives up for this time. */
const READY_WAIT_MS = 1_000;
/** How long shutdown waits for a batch in flight. */
const SHUTDOWN_WAIT_MS = 3_000;

/** An add that failed, or a connection not ready: the relay's Redis side (not PostgreSQL). */
class RedisFailure extends Error {}

/** Whether the connection is ready, waiting at most `ms` for it (never longer). */
function whenReady(redis: Redis, ms: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    redis.on('ready', onReady);
  });
}

/** The relay's own Redis connection and its queues, dropped as one. */
interface Link {
  redis: Redis;
  queues: Record<QueueName, Queue>;
}

/**
 * Moves outbox rows into BullMQ. Several relays may run at once: each claims rows with
 * FOR UPDATE SKIP LOCKED. Job ids are the rows' deterministic ids, so a row delivered twice
 * (crash after add, before commit) still makes one job.
 *
 * The loop never stops: every tick reschedules the next one in `finally`, and nothing in a tick waits
 * without a bound (a Redis outage leaves commands and quits pending for as long as it lasts).
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private link: Link | null = null;
  private failingSince: number | null = null;
  private reopenedAt = 0;

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
    await settledWithin(this.running, SHUTDOWN_WAIT_MS);
    this.drop();
  }

  /**
   * The relay's own connection, fail-fast (no offline queue: while Redis is unreachable an add fails at
   * once and the outbox keeps the work). The queues share it and do not own it, so dropping it is one
   * synchronous `disconnect()`: no quit that waits for a connection that is not there.
   */
  private open(): Link {
    if (this.stopped) throw new Error('the worker is shutting down'); // the rows stay for the next worker
    if (this.link?.redis.status === 'end') this.drop(); // closed for good: it will not reconnect by itself
    if (!this.link) {
      const redis = new Redis(redisConnection(this.config.redisUrl, { enableOfflineQueue: false }));
      redis.on('error', () => undefined); // reported by the relay as one warning per failed batch
      const queues = {} as Record<QueueName, Queue>;
      for (const name of Object.values(QUEUES)) {
        const q = new Queue(name, {
          connection: redis,
          prefix: this.config.redisPrefix,
          defaultJobOptions: jobOptions(this.config.jobBackoffMs),
        });
        q.on('error', () => undefined);
        queues[name] = q;
      }
      this.link = { redis, queues };
    }
    return this.link;
  }

  /** Drops the connection without waiting for anything; the next batch opens a new one. */
  private drop(): void {
    const link = this.link;
    this.link = null;
    if (!link) return;
    link.redis.disconnect();
    for (const q of Object.values(link.queues)) void q.close().catch(() => undefined);
  }

  /**
   * A connection that stays unusable after Redis is back (seen once in CI: "Stream isn't writeable" for a
   * minute after a restart) cannot hold the outbox back: after REOPEN_AFTER_MS of failures the relay opens
   * a new one.
   */
  private failed(err: Error): void {
    const now = Date.now();
    if (this.failingSince === null) {
      this.failingSince = now;
      this.reopenedAt = now;
      this.logger.warn(`outbox relay: ${err.message} (the rows wait in the outbox; retrying)`);
    } else if (err instanceof RedisFailure && now - this.reopenedAt >= REOPEN_AFTER_MS) {
      // only a Redis failure: with PostgreSQL unreachable the connection to Redis is not the problem
      this.logger.warn(
        `outbox relay: failing for ${Math.round((now - this.failingSince) / 1000)} s (${err.message}): opening a new Redis connection`,
      );
      this.reopenedAt = now;
      this.drop();
    }
  }

  private recovered(delivered: number): void {
    if (this.failingSince === null) return;
    if (delivered)
      this.logger.log(
        `outbox relay: delivering again after ${Math.round((Date.now() - this.failingSince) / 1000)} s of failures`,
      );
    this.failingSince = null;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick();
    }, ms);
  }

  private async tick(): Promise<void> {
    let next = Math.max(this.config.relayIntervalMs, 1000);
    try {
      const n = await withTimeout(this.relayOnce(), TICK_TIMEOUT_MS, 'an outbox batch');
      this.recovered(n);
      next = n === BATCH ? 0 : this.config.relayIntervalMs;
    } catch (err) {
      this.failed(err as Error);
    } finally {
      this.running = null;
      this.schedule(next);
    }
  }

  /** Deliver one batch; answers how many rows were delivered. Throws (after recording it) when an add failed. */
  async relayOnce(): Promise<number> {
    // set inside the transaction's callback, which control-flow narrowing does not see
    let failure = null as Error | null;
    const delivered = await this.ds.transaction(async (m) => {
      const rows = await claimOutboxBatch(m, BATCH);
      if (!rows.length) return 0;
      const link = this.open();
      if (!(await whenReady(link.redis, READY_WAIT_MS)))
        throw new RedisFailure(
          `Redis is not connected (${link.redis.status}): ${rows.length} rows wait in the outbox`,
        );
      const now = Date.now();
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const r of rows) {
        const list = byQueue.get(r.queue as QueueName);
        if (list) list.push(r);
        else byQueue.set(r.queue as QueueName, [r]);
      }
      const done: string[] = [];
      for (const [name, list] of byQueue) {
        const queue = link.queues[name];
        const ids = list.map((r) => r.id);
        if (!queue) {
          await markOutboxFailed(m, ids, `unknown queue ${name}`);
          continue;
        }
        try {
          await withTimeout(
            queue.addBulk(
              list.map((r) => ({
                name: r.name,
                data: r.payload,
                opts: { jobId: r.job_id, delay: Math.max(0, new Date(r.run_at).getTime() - now) },
              })),
            ),
            ADD_TIMEOUT_MS,
            'Redis (an add)',
          );
          done.push(...ids);
        } catch (err) {
          // Redis is down: the rows stay undelivered and are tried again; nothing is lost.
          failure = new RedisFailure((err as Error).message);
          await markOutboxFailed(
            m,
            rows.filter((r) => !done.includes(r.id)).map((r) => r.id),
            failure.message,
          );
          break;
        }
      }
      await markOutboxDelivered(m, done);
      return done.length;
    });
    if (failure) throw failure;
    return delivered;
  }
}
