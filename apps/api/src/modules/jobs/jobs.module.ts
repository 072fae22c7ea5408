import { Module } from '@nestjs/common';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

/** The queues for admins: the job list and retry (`JobsController`) and the bull-board dashboard (`queue-board.ts`). */
@Module({ controllers: [JobsController], providers: [JobsService], exports: [JobsService] })
export class JobsModule {}
