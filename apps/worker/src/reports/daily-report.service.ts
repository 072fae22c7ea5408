import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { freezeDailyReports, yesterdayInShanghai } from '@taizhang/db';
import { DAILY_REPORT_SCHEDULE, DailyReportFreezePayload, JOBS, QUEUES, dailyReportJobId } from '@taizhang/queue';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';

export type FreezeOutcome = { result: 'done'; reportDate: string; units: number } | { result: 'skipped'; why: string };

/**
 * 每日清零: a repeatable job at 00:05 Asia/Shanghai freezes yesterday's figures for every town, county and
 * city. At start-up the worker (re)declares the schedule and queues a catch-up for yesterday, in case the
 * run was missed; both are idempotent (one job id per day, INSERT … ON CONFLICT DO NOTHING).
 */
@Injectable()
export class DailyReportService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DailyReportService.name);
  private scheduling: Promise<void> | null = null;

  constructor(
    private readonly ds: DataSource,
    @InjectQueue(QUEUES.reports) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: a slow Redis must not hold up the start (the outbox and deadlines do not need this).
    this.scheduling = this.schedule().catch((err: Error) => this.logger.warn(`daily report schedule: ${err.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduling;
  }

  async schedule(now = new Date()): Promise<void> {
    await this.queue.upsertJobScheduler(
      DAILY_REPORT_SCHEDULE.schedulerId,
      { pattern: DAILY_REPORT_SCHEDULE.pattern, tz: DAILY_REPORT_SCHEDULE.tz },
      { name: JOBS.dailyReportFreeze, data: { requestId: 'schedule' } satisfies DailyReportFreezePayload },
    );
    const yesterday = yesterdayInShanghai(now);
    await this.queue.add(JOBS.dailyReportFreeze, { reportDate: yesterday, requestId: 'catch-up' } satisfies DailyReportFreezePayload, {
      jobId: dailyReportJobId(yesterday),
    });
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
