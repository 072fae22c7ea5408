import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { freezeDailyReports, yesterdayInShanghai } from '@taizhang/db';
import {
  DAILY_REPORT_SCHEDULE,
  DailyReportFreezePayload,
  JOBS,
  QUEUES,
  dailyReportJobId,
} from '@taizhang/queue';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { withTimeout } from '../bounded';
import { APP_CONFIG, AppConfig } from '../config';

/** A schedule check that has not answered by then is given up (Redis unreachable); the next one tries again. */
const ENSURE_TIMEOUT_MS = 5_000;
/** Job states that mean the schedule's next run is in Redis. */
const PENDING = ['delayed', 'waiting', 'active', 'prioritized', 'waiting-children'];

export type FreezeOutcome =
  { result: 'done'; reportDate: string; units: number } | { result: 'skipped'; why: string };

/**
 * 每日清零: a repeatable job at 00:05 Asia/Shanghai freezes yesterday's figures for every town, county and
 * city. At start-up the worker (re)declares the schedule and queues a catch-up for yesterday, in case the
 * run was missed; both are idempotent (one job id per day, INSERT … ON CONFLICT DO NOTHING).
 *
 * The schedule lives in Redis, which can forget it (FLUSHALL, a restart without persistence). So every
 * sweep interval a timer of the worker's own checks that the scheduler and its next job are there (two
 * reads) and, if not, declares both again: a lost schedule is back within one sweep interval, no restart.
 */
@Injectable()
export class DailyReportService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DailyReportService.name);
  private timer: NodeJS.Timeout | null = null;
  /** The check in flight (not awaited at shutdown: an outage can hold it pending). */
  private ensuring: Promise<unknown> | null = null;

  constructor(
    private readonly ds: DataSource,
    @InjectQueue(QUEUES.reports) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: a slow Redis must not hold up the start (the outbox and deadlines do not need this).
    this.tick(() => this.schedule().then(() => 'declared' as const));
    this.timer = setInterval(() => this.tick(() => this.ensureSchedule()), this.config.sweepIntervalMs);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs one check unless one is still in flight; each is bounded, and a failure is one warning. */
  private tick(run: () => Promise<'present' | 'declared'>): void {
    if (this.ensuring) return;
    const inflight = run();
    this.ensuring = inflight;
    withTimeout(inflight, ENSURE_TIMEOUT_MS, 'Redis (the daily report schedule)')
      .then((r) => {
        if (r === 'declared')
          this.logger.log(
            `daily report schedule declared (${DAILY_REPORT_SCHEDULE.pattern}, ${DAILY_REPORT_SCHEDULE.tz})`,
          );
      })
      .catch((err: Error) => this.logger.warn(`daily report schedule: ${err.message}`));
    // the next check waits until this one has settled (a command held by an outage settles when Redis is back)
    inflight.catch(() => undefined).finally(() => (this.ensuring = null));
  }

  /** Declares the schedule again if Redis has lost it (the scheduler or its next job). */
  async ensureSchedule(now = new Date()): Promise<'present' | 'declared'> {
    const scheduler = await this.queue.getJobScheduler(DAILY_REPORT_SCHEDULE.schedulerId);
    if (scheduler?.next) {
      const state = await this.queue.getJobState(
        `repeat:${DAILY_REPORT_SCHEDULE.schedulerId}:${scheduler.next}`,
      );
      if (PENDING.includes(state)) return 'present';
    }
    await this.schedule(now);
    return 'declared';
  }

  async schedule(now = new Date()): Promise<void> {
    await this.queue.upsertJobScheduler(
      DAILY_REPORT_SCHEDULE.schedulerId,
      { pattern: DAILY_REPORT_SCHEDULE.pattern, tz: DAILY_REPORT_SCHEDULE.tz },
      { name: JOBS.dailyReportFreeze, data: { requestId: 'schedule' } satisfies DailyReportFreezePayload },
    );
    const yesterday = yesterdayInShanghai(now);
    await this.queue.add(
      JOBS.dailyReportFreeze,
      { reportDate: yesterday, requestId: 'catch-up' } satisfies DailyReportFreezePayload,
      {
        jobId: dailyReportJobId(yesterday),
      },
    );
  }

  /** Freeze one day (yesterday in Asia/Shanghai when none is given). A day already frozen is skipped. */
  async freeze(p: DailyReportFreezePayload, now = new Date()): Promise<FreezeOutcome> {
    const reportDate = p.reportDate ?? yesterdayInShanghai(now);
    const units = await freezeDailyReports(this.ds, reportDate);
    if (!units) return { result: 'skipped', why: `${reportDate} is already frozen` };
    this.logger.log(`[${p.requestId ?? '-'}] daily reports of ${reportDate} frozen for ${units} units`);
    return { result: 'done', reportDate, units };
  }
}
