import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { settledWithin } from './bounded';
import { DeadlinesProcessor } from './processors/deadlines.processor';
import { ExportsProcessor } from './processors/exports.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { ReportsProcessor } from './processors/reports.processor';

/** How long active jobs get to finish after SIGTERM. */
export const JOB_GRACE_MS = 5_000;
/** How long closing the workers' connections may take (a forced close sends no QUIT: it does not wait). */
const CLOSE_MS = 1_000;
/** The last resort: whatever still waits after this long, the process exits (see main.ts). */
export const SHUTDOWN_LIMIT_MS = 9_000;

export const SHARED_REDIS = Symbol('SHARED_REDIS');

/**
 * Graceful shutdown, bounded, in order: stop taking jobs and give the active ones JOB_GRACE_MS to finish
 * (and be marked done in Redis), then close the workers' connections without waiting for Redis, before
 * anything closes the database pool. A job cut off (grace over, Redis down, SIGKILL) rolls back and is
 * taken up again after its lock expires; the sweep finds its deadline in the database. With Redis or
 * PostgreSQL down, nothing here waits longer than its bound.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);

  constructor(
    private readonly deadlines: DeadlinesProcessor,
    private readonly notifications: NotificationsProcessor,
    private readonly reports: ReportsProcessor,
    private readonly exports: ExportsProcessor,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`shutting down${signal ? ` (${signal})` : ''}: finishing active jobs`);
    const workers = [this.deadlines, this.notifications, this.reports, this.exports]
      .map((p) => p.worker as Worker | undefined)
      .filter((w): w is Worker => Boolean(w));
    // pause() stops fetching and waits for the active jobs (and their completion in Redis)
    const finished = await settledWithin(
      Promise.all(
        workers.map((w) =>
          w
            .pause()
            .catch((err: Error) =>
              this.logger.warn(`queue ${w.name}: waiting for its active jobs failed: ${err.message}`),
            ),
        ),
      ),
      JOB_GRACE_MS,
    );
    if (!finished) {
      const active = workers.filter((w) => w.isRunning()).map((w) => w.name);
      this.logger.warn(
        `jobs still active after ${JOB_GRACE_MS / 1000} s${active.length ? ` (queues ${active.join(', ')})` : ''}, or Redis unreachable: ` +
          'leaving them; each is taken up again when its lock expires',
      );
    }
    // forced: disconnects without QUIT, so an unreachable Redis does not hold it up
    await settledWithin(Promise.all(workers.map((w) => w.close(true))), CLOSE_MS);
  }
}

/** Drops the queues' shared Redis connection at the very end (after the queues have closed, or not). */
@Injectable()
export class SharedRedisCloser implements OnApplicationShutdown {
  constructor(@Inject(SHARED_REDIS) private readonly redis: Redis) {}
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
