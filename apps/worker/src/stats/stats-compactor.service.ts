import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { compactCaseStats } from '@taizhang/db';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';

const COMPACT_LOCK = 727276;

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
      if (!this.running) this.running = this.compactOnce().finally(() => (this.running = null));
    }, this.config.statsCompactIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async compactOnce(): Promise<number> {
    try {
      return await this.ds.transaction(async (m) => {
        const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock(${COMPACT_LOCK}) AS locked`);
        return locked ? compactCaseStats(m) : 0;
      });
    } catch (err) {
      this.logger.warn(`compacting dashboard counts failed: ${(err as Error).message}`);
      return 0;
    }
  }
}
