import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { ExportOutcome } from '@taizhang/db';
import { JOBS, JobPayloads, JobsOn, QUEUES } from '@taizhang/queue';
import { Job } from 'bullmq';
import { ExportService } from '../exports/export.service';
import { postponeWhileDatabaseDown } from './postpone';

type Name = JobsOn<typeof QUEUES.exports>;

/**
 * Thin: every job name of the queue has exactly one handler, which calls a service. One export at a time
 * per worker (they are long and CPU-bound in the zip); more workers build more at once.
 */
@Processor(QUEUES.exports, { concurrency: 1 })
export class ExportsProcessor extends WorkerHost {
  private readonly logger = new Logger(ExportsProcessor.name);

  readonly handlers: { [N in Name]: (data: JobPayloads[N], job: Job) => Promise<ExportOutcome> } = {
    // a failure before the last attempt puts the export back to `queued` (the queue retries it)
    [JOBS.exportBuild]: (data, job) =>
      this.exports.build(data, { lastAttempt: job.attemptsMade + 1 >= (job.opts?.attempts ?? 1) }),
  };

  constructor(private readonly exports: ExportService) {
    super();
  }

  async process(job: Job, token?: string): Promise<ExportOutcome> {
    const handler = this.handlers[job.name as Name];
    if (!handler) throw new Error(`no handler for job ${job.name} on queue ${QUEUES.exports}`);
    const out = await postponeWhileDatabaseDown(job, token, () => handler(job.data, job));
    if (out.result === 'skipped') this.logger.debug(`job ${job.id}: skipped (${out.why})`);
    return out;
  }
}
