import { Module } from '@nestjs/common';
import { AssigneesController } from './assignees.controller';
import { AssigneesService } from './assignees.service';

/** The assignee picker (issue 14): who in a unit can take a case, and how busy each is. */
@Module({ controllers: [AssigneesController], providers: [AssigneesService] })
export class AssigneesModule {}
