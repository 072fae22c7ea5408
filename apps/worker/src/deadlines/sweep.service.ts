import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { releaseSweepLock, trySweepLock } from '@taizhang/db';
import { DataSource } from 'typeorm';
import { settledWithin, withTimeout } from '../bounded';
import { APP_CONFIG, AppConfig } from '../config';
import { DeadlineNearService } from './deadline-near.service';
import { DeadlineService } from './deadline.service';

/** How long shutdown waits for a run in flight. */
const SHUTDOWN_WAIT_MS = 3_000;
/** A sweep still running after this long no longer holds the next ones up (the advisory lock keeps them apart). */
const RUN_TIMEOUT_MS = 120_000;

/** Runs the deadline safety net now and then; one worker at a time (advisory lock). */
@Injectable()
export class SweepService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SweepService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly deadlines: DeadlineService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly near: DeadlineNearService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      // bounded: a sweep held up by an unreachable database does not stop the ones after it
      this.running = withTimeout(this.sweepOnce(), RUN_TIMEOUT_MS, 'a sweep')
        .catch((err: Error) => this.logger.warn(err.message))
        .finally(() => (this.running = null));
    }, this.config.sweepIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await settledWithin(this.running, SHUTDOWN_WAIT_MS); // a batch cut off rolls back; the next run does it
  }

  async sweepOnce(): Promise<number> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      if (!(await trySweepLock(runner))) return 0;
      try {
        let total = 0;
        for (;;) {
          const n = await this.deadlines.sweep();
          total += n;
          if (n === 0) break;
        }
        if (total) this.logger.log(`safety net: handled ${total} missed deadlines`);
        await this.near.notifyNear();
        return total;
      } finally {
        await releaseSweepLock(runner);
      }
    } catch (err) {
      this.logger.warn(`sweep failed: ${(err as Error).message}`);
      return 0;
    } finally {
      await runner.release();
    }
  }
}
