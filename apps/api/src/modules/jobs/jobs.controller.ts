import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Roles, SignedInController } from '../../core/auth';
import { JobPage, ListJobsQuery, RetriedJob } from './dto/jobs.dto';
import { JobsService } from './jobs.service';

@SignedInController('operations', 'admin/jobs')
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
