import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { JOBS, JobPayloads, JobsOn, QUEUES } from '@taizhang/queue';
import { Job } from 'bullmq';
import { CheckOutcome, DeadlineService } from '../deadlines/deadline.service';
import { postponeWhileDatabaseDown } from './postpone';

type Name = JobsOn<typeof QUEUES.deadlines>;

/** Thin: every job name of the queue has exactly one handler, which calls a service. */
@Processor(QUEUES.deadlines, { concurrency: 8 })
export class DeadlinesProcessor extends WorkerHost {
  private readonly logger = new Logger(DeadlinesProcessor.name);

  readonly handlers: { [N in Name]: (data: JobPayloads[N]) => Promise<CheckOutcome> } = {
    [JOBS.deadlineCheck]: (data) => this.deadlines.check(data),
  };

  constructor(private readonly deadlines: DeadlineService) {
    super();
  }

  async process(job: Job, token?: string): Promise<CheckOutcome> {
    const handler = this.handlers[job.name as Name];
    if (!handler) throw new Error(`no handler for job ${job.name} on queue ${QUEUES.deadlines}`);
    const out = await postponeWhileDatabaseDown(job, token, () => handler(job.data));
    if (out.result === 'skipped') this.logger.debug(`job ${job.id}: skipped (${out.why})`);
    return out;
  }
}
