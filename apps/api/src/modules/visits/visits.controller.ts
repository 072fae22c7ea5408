import { Body, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { Page } from '@taizhang/contracts';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles, SignedInController } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { ApiXlsxResponse } from '../../core/xlsx-download';
import { RecordVisitDto } from './dto/record-visit.dto';
import { ExportVisitsQuery, ListVisitsQuery, VisitsScopeQuery } from './dto/visits-query.dto';
import {
  ResumptionChange,
  ResumptionChangePage,
  Visit,
  VisitPage,
  VisitsDashboard,
} from './dto/visits.responses';
import { VisitsService } from './visits.service';

@SignedInController('visits')
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  @Post('enterprises/:id/visits')
  @ApiOperation({
    operationId: 'recordVisit',
    summary:
      "Record a visit to an enterprise (its instructors, or its town's coordinators); may update its resumption figures",
  })
  @ApiCreatedResponse({ type: Visit })
  @ApiForbiddenResponse({ description: 'you may see the enterprise but not record visits to it' })
  @ApiNotFoundResponse({ description: 'no such enterprise in your jurisdiction' })
  record(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: RecordVisitDto,
  ): Promise<Visit> {
    return this.visits.record(user, id, dto);
  }

  @Get('enterprises/:id/visits')
  @ApiOperation({ operationId: 'listEnterpriseVisits', summary: "An enterprise's visits, newest first" })
  @ApiOkResponse({ type: VisitPage })
  @ApiNotFoundResponse({ description: 'no such enterprise in your jurisdiction' })
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Query() q: ListVisitsQuery,
  ): Promise<Page<Visit>> {
    return this.visits.list(user, id, q);
  }

  @Get('enterprises/:id/resumption-history')
  @ApiOperation({
    operationId: 'listResumptionHistory',
    summary: "Changes of an enterprise's resumption status and headcounts, newest first (the last 100)",
  })
  @ApiOkResponse({ type: ResumptionChangePage })
  @ApiNotFoundResponse({ description: 'no such enterprise in your jurisdiction' })
  history(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
  ): Promise<Page<ResumptionChange>> {
    return this.visits.history(user, id);
  }

  @Get('dashboard/visits')
  @Roles('manager', 'coordinator', 'admin')
  @ApiOperation({
    operationId: 'getVisitsDashboard',
    summary:
      'Enterprises visited in the last 7 and 30 days and never visited, per town, and visits per instructor',
  })
  @ApiOkResponse({ type: VisitsDashboard })
  @ApiNotFoundResponse({ description: 'unitId is not a unit in your jurisdiction' })
  dashboard(@CurrentUser() user: AuthUser, @Query() q: VisitsScopeQuery): Promise<VisitsDashboard> {
    return this.visits.dashboard(user, q.unitId);
  }

  @Get('visits/export.xlsx')
  @Roles('manager', 'coordinator', 'admin')
  @ApiOperation({ operationId: 'exportVisits', summary: 'The visit ledger (走访台账) as an Excel workbook' })
  @ApiXlsxResponse()
  @ApiNotFoundResponse({ description: 'unitId is not a unit in your jurisdiction' })
  async export(
    @CurrentUser() user: AuthUser,
    @Query() q: ExportVisitsQuery,
    @Res() res: Response,
  ): Promise<void> {
    await this.visits.export(user, q, res);
  }
}
