import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { compactCaseStatsIfFree } from '@taizhang/db';
import { DataSource } from 'typeorm';
import { settledWithin, withTimeout } from '../bounded';
import { APP_CONFIG, AppConfig } from '../config';

/** How long shutdown waits for a run in flight. */
const SHUTDOWN_WAIT_MS = 3_000;
/** A run still going after this long no longer holds the next ones up (the advisory lock keeps them apart). */
const RUN_TIMEOUT_MS = 120_000;

/** Folds the dashboard's appended count deltas into the compacted tables now and then (one worker at a time). */
@Injectable()
export class StatsCompactorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(StatsCompactorService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      // bounded: a run held up by an unreachable database does not stop the ones after it
      this.running = withTimeout(this.compactOnce(), RUN_TIMEOUT_MS, 'compacting dashboard counts')
        .catch((err: Error) => this.logger.warn(err.message))
        .finally(() => (this.running = null));
    }, this.config.statsCompactIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await settledWithin(this.running, SHUTDOWN_WAIT_MS); // a batch cut off rolls back; the next run does it
  }

  async compactOnce(): Promise<number> {
    try {
      return await this.ds.transaction((m) => compactCaseStatsIfFree(m));
    } catch (err) {
      this.logger.warn(`compacting dashboard counts failed: ${(err as Error).message}`);
      return 0;
    }
  }
}
