import { Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Page } from '@taizhang/contracts';
import type { Assignee } from '@taizhang/db';
import { AuthUser, CurrentUser, SignedInController } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { AssigneePage } from './dto/assignees.responses';
import { AssigneesService } from './assignees.service';
import { ListAssigneesQuery } from './dto/list-assignees.dto';

@SignedInController('cases', 'units')
export class AssigneesController {
  constructor(private readonly assignees: AssigneesService) {}

  @Get(':id/assignees')
  @ApiOperation({
    operationId: 'listAssignees',
    summary:
      'The people of a unit a case can be assigned to, searchable, each with his open cases (the assignee picker)',
  })
  @ApiOkResponse({ type: AssigneePage })
  @ApiNotFoundResponse({ description: 'no such unit in your jurisdiction' })
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Query() query: ListAssigneesQuery,
  ): Promise<Page<Assignee>> {
    return this.assignees.list(user, id, query);
  }
}
