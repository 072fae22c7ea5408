import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { JOBS, JobPayloads, JobsOn, QUEUES } from '@taizhang/queue';
import { Job } from 'bullmq';
import { DailyReportService, FreezeOutcome } from '../reports/daily-report.service';
import { postponeWhileDatabaseDown } from './postpone';

type Name = JobsOn<typeof QUEUES.reports>;

/** Thin: every job name of the queue has exactly one handler, which calls a service. */
@Processor(QUEUES.reports, { concurrency: 1 })
export class ReportsProcessor extends WorkerHost {
  private readonly logger = new Logger(ReportsProcessor.name);

  readonly handlers: { [N in Name]: (data: JobPayloads[N]) => Promise<FreezeOutcome> } = {
    [JOBS.dailyReportFreeze]: (data) => this.reports.freeze(data),
  };

  constructor(private readonly reports: DailyReportService) {
    super();
  }

  async process(job: Job, token?: string): Promise<FreezeOutcome> {
    const handler = this.handlers[job.name as Name];
    if (!handler) throw new Error(`no handler for job ${job.name} on queue ${QUEUES.reports}`);
    const out = await postponeWhileDatabaseDown(job, token, () => handler(job.data));
    if (out.result === 'skipped') this.logger.debug(`job ${job.id}: skipped (${out.why})`);
    return out;
  }
}
