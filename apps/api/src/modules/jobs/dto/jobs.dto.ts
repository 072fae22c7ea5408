import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QUEUES, QueueName } from '@taizhang/queue';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CountProp, NullableStringProp, NullableTimeProp, TimeProp } from '../../../core/api-props';
import { PageOf } from '../../../core/page';
import { toInt } from '../../../core/validation';

export const STATES = ['failed', 'delayed', 'waiting', 'active', 'completed'] as const;
export type JobState = (typeof STATES)[number];
/** The list merges the newest jobs of every queue, so it reads up to page × pageSize of each: bounded. */
export const MAX_JOBS_READ = 10_000;

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
  })
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
