import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { QUEUES, redisConnection } from '@taizhang/queue';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '../../core/config';
import { ApiError } from '../../core/errors';
import { CLOSE_MS, settleWithin } from '../../core/shutdown';
import { JobView, ListJobsQuery, MAX_JOBS_READ } from './dto/jobs.dto';

/** Read access to the queues for admins: the API never adds jobs itself (the outbox does). */
@Injectable()
export class JobsService implements OnApplicationShutdown {
  readonly queues: Queue[];
  private readonly logger = new Logger(JobsService.name);

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const connection = redisConnection(config.redisUrl, { enableOfflineQueue: false });
    this.queues = Object.values(QUEUES).map(
      (name) => new Queue(name, { connection, prefix: config.redisPrefix }),
    );
  }

  /** Closes the queues' Redis connections; with Redis down a close can wait for ever, so it is given up after CLOSE_MS. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.queues.map(async (q) => {
        if ((await settleWithin(q.close(), CLOSE_MS)) !== 'done')
          await settleWithin(q.disconnect(), CLOSE_MS);
      }),
    );
  }

  private queue(name: string): Queue {
    const q = this.queues.find((x) => x.name === name);
    if (!q) throw ApiError.invalid('queue', `no queue ${name}`);
    return q;
  }

  async list(
    query: ListJobsQuery,
  ): Promise<{ items: JobView[]; total: number; page: number; pageSize: number }> {
    const state = query.state ?? 'failed';
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    if (page * pageSize > MAX_JOBS_READ) {
      throw ApiError.invalid(
        'page',
        `page × pageSize must be at most ${MAX_JOBS_READ}: only the newest ${MAX_JOBS_READ} jobs are listed`,
      );
    }
    const queues = query.queue ? [this.queue(query.queue)] : this.queues;
    try {
      const counts = await Promise.all(queues.map((q) => q.getJobCountByTypes(state)));
      const total = counts.reduce((a, b) => a + b, 0);
      const jobs = (await Promise.all(queues.map((q) => q.getJobs([state], 0, page * pageSize - 1)))).flat();
      jobs.sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0));
      const items = jobs.slice((page - 1) * pageSize, page * pageSize).map((j): JobView => ({
        id: String(j.id),
        queue: j.queueName,
        name: j.name,
        state,
        data: j.data,
        attemptsMade: j.attemptsMade,
        failedReason: j.failedReason ?? null,
        createdAt: new Date(j.timestamp).toISOString(),
        finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
        runAt: j.delay ? new Date(j.timestamp + j.delay).toISOString() : null,
      }));
      return { items, total, page, pageSize };
    } catch (err) {
      this.logger.warn(`reading the queues failed: ${(err as Error).message}`);
      throw new ApiError(
        'UNAVAILABLE',
        'The queues cannot be read: Redis is not answering. Try again shortly.',
      );
    }
  }

  async retry(queueName: string, id: string): Promise<{ retried: true }> {
    const queue = this.queue(queueName);
    const unavailable = (err: unknown): never => {
      this.logger.warn(`retrying job ${id} failed: ${(err as Error).message}`);
      throw new ApiError(
        'UNAVAILABLE',
        'The queues cannot be reached: Redis is not answering. Try again shortly.',
      );
    };
    const job = await queue.getJob(id).catch(unavailable);
    if (!job) throw ApiError.notFound(`Job ${id} in queue ${queueName}`);
    if (!(await job.isFailed().catch(unavailable)))
      throw new ApiError('REQUEST.CONFLICT', `Job ${id} has not failed: only failed jobs can be retried`);
    await job.retry('failed').catch(unavailable);
    return { retried: true };
  }
}
