import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiPropertyOptions,
  ApiTags,
} from '@nestjs/swagger';
import { CountProp, NullableStringProp, NullableTimeProp, TimeProp } from '../../core/api-props';
import { PageOf } from '../../core/page';
import { QUEUES, QueueName, redisConnection } from '@taizhang/queue';
import { Queue } from 'bullmq';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { NextFunction, Request, Response } from 'express';
import { Roles, TokenClaims } from '../../core/auth';
import { APP_CONFIG, AppConfig } from '../../core/config';
import { ApiError } from '../../core/errors';
import { CLOSE_MS, settleWithin } from '../../core/shutdown';
import { RETRY_AFTER_SECONDS, unavailableDependency } from '../../core/unavailable';

const STATES = ['failed', 'delayed', 'waiting', 'active', 'completed'] as const;
type JobState = (typeof STATES)[number];
/** The list merges the newest jobs of every queue, so it reads up to page × pageSize of each: bounded. */
const MAX_JOBS_READ = 10_000;
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class ListJobsQuery {
  @ApiPropertyOptional({ enum: Object.values(QUEUES) })
  @IsOptional()
  @IsIn(Object.values(QUEUES), { message: `queue must be one of ${Object.values(QUEUES).join(', ')}` })
  queue?: QueueName;
  @ApiPropertyOptional({ enum: STATES, default: 'failed' })
  @IsOptional()
  @IsIn(STATES, { message: `state must be one of ${STATES.join(', ')}` })
  state?: JobState;
  @ApiPropertyOptional({
    type: 'integer',
    default: 1,
    minimum: 1,
    maximum: MAX_JOBS_READ,
    description: `page × pageSize at most ${MAX_JOBS_READ} (the newest jobs)`,
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1, { message: 'page must be at least 1' })
  @Max(MAX_JOBS_READ, { message: `page must be at most ${MAX_JOBS_READ}` })
  page?: number;
  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1, { message: 'pageSize must be at least 1' })
  @Max(200, { message: 'pageSize must be at most 200' })
  pageSize?: number;
}

export interface JobView {
  id: string;
  queue: string;
  name: string;
  state: JobState;
  data: unknown;
  attemptsMade: number;
  failedReason: string | null;
  createdAt: string;
  finishedAt: string | null;
  runAt: string | null;
}

export class Job implements JobView {
  @ApiProperty({ description: 'BullMQ job id (unique within its queue)' }) id!: string;
  @ApiProperty({ enum: Object.values(QUEUES) }) queue!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STATES }) state!: JobState;
  @ApiProperty({
    description: 'the job’s data, as the outbox queued it',
    oneOf: [
      { type: 'object', additionalProperties: true, nullable: true },
      { type: 'array', items: {} },
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
    ],
  } as ApiPropertyOptions)
  data!: unknown;
  @CountProp() attemptsMade!: number;
  @NullableStringProp() failedReason!: string | null;
  @TimeProp() createdAt!: string;
  @NullableTimeProp() finishedAt!: string | null;
  @NullableTimeProp({ description: 'a delayed job: when it is due' }) runAt!: string | null;
}
export const JobPage = PageOf(Job, 'JobPage');

export class RetriedJob {
  @ApiProperty({ enum: [true] }) retried!: true;
}

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

@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: JobPage })
  @ApiOperation({
    operationId: 'listJobs',
    summary:
      'Jobs by state (default: failed) across the queues (admin). The queue dashboard is at /api/admin/queues.',
  })
  list(@Query() query: ListJobsQuery) {
    return this.jobs.list(query);
  }

  @Post(':queue/:id/retry')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ operationId: 'retryJob', summary: 'Retry a failed job (admin)' })
  @ApiOkResponse({ type: RetriedJob })
  @ApiNotFoundResponse({ description: 'no such job in this queue' })
  @ApiConflictResponse({ description: 'the job has not failed' })
  retry(@Param('queue') queue: string, @Param('id') id: string) {
    return this.jobs.retry(queue, id);
  }
}

@Module({ controllers: [JobsController], providers: [JobsService], exports: [JobsService] })
export class JobsModule {}

const COOKIE = 'tz_board';
const BOARD_PATH = '/api/admin/queues';

/**
 * The queue dashboard (bull-board) behind admin sign-in. A browser cannot send a Bearer header on a
 * link, so the admin app opens `/api/admin/queues?token=<jwt>` once: the token is checked, kept in an
 * HttpOnly cookie scoped to the board, and the address is cleaned.
 */
export function mountQueueBoard(
  app: { use: (path: string, ...handlers: unknown[]) => unknown },
  jobs: JobsService,
  jwt: JwtService,
  sessions: {
    get(userId: string): Promise<{ active: boolean; sessionVersion: number; role: string } | null>;
  },
): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: jobs.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })),
    serverAdapter: adapter,
  });
  // The board answers its own API's errors (500 for anything): Redis being down is a 503 there too. Read when
  // an error happens, so it is set after createBullBoard set the board's own.
  adapter.setErrorHandler((err: Error & { statusCode?: number }) => {
    const down = unavailableDependency(err);
    return {
      // bull-board's status type lists only the statuses it answers itself; express sends any
      status: (down ? 503 : (err.statusCode ?? 500)) as 500,
      body: {
        error: { key: 'ERRORS.INTERNAL_SERVER_ERROR' },
        message: down ? `${down} is not reachable right now: retry in a few seconds` : err.message,
      },
    };
  });
  const guard = async (req: Request, res: Response, next: NextFunction) => {
    const fromQuery = typeof req.query['token'] === 'string' ? (req.query['token'] as string) : null;
    const header = req.headers.authorization?.replace(/^Bearer /i, '') ?? null;
    const cookie =
      (req.headers.cookie ?? '')
        .split(';')
        .map((c) => c.trim())
        .find((c) => c.startsWith(`${COOKIE}=`))
        ?.slice(COOKIE.length + 1) ?? null;
    const token = fromQuery ?? header ?? cookie;
    const deny = (status: number, detail: string) =>
      res
        .status(status)
        .type('application/problem+json')
        .json({ type: 'about:blank', title: status === 401 ? 'Unauthorized' : 'Forbidden', status, detail });
    if (!token) return deny(401, 'Sign in as an admin first: open the queue dashboard from the admin app');
    let claims: TokenClaims;
    try {
      claims = await jwt.verifyAsync<TokenClaims>(token);
    } catch {
      return deny(401, 'The sign-in token is not valid or has expired: sign in again');
    }
    try {
      // as the API's guard: the user's row decides (a signed-out, disabled or demoted admin is refused)
      const state = await sessions.get(claims.sub); // bounded: 503 UNAVAILABLE while PostgreSQL hangs
      if (!state || !state.active || state.sessionVersion !== claims.sv)
        return deny(401, 'Your session has ended: sign in again');
      if (state.role !== 'admin') return deny(403, 'Only admins may see the queues');
    } catch (err) {
      // the database is down or hangs: not the token's fault
      if (!(err instanceof ApiError) && !unavailableDependency(err)) throw err;
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      return res.status(503).type('application/problem+json').json({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        code: 'UNAVAILABLE',
        detail: 'PostgreSQL is not answering right now: retry in a few seconds',
      });
    }
    if (fromQuery) {
      res.setHeader(
        'Set-Cookie',
        `${COOKIE}=${token}; Path=${BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=3600`,
      );
      return res.redirect(302, BOARD_PATH);
    }
    return next();
  };
  app.use(BOARD_PATH, guard, adapter.getRouter());
}
