import { Get, Query, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { DashboardSummaryResponse } from './dto/dashboard.responses';
import type { DashboardSummary } from '@taizhang/contracts';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles, SignedInController } from '../../core/auth';
import { ApiXlsxResponse } from '../../core/xlsx-download';
import { DashboardService } from './dashboard.service';
import { RangeQuery } from './dto/range-query.dto';
import { ScorecardResponse } from './dto/scorecard.responses';
import { ScorecardService } from './scorecard.service';

/** `from`/`to`: the range of opening days of `period` and `rates` (the all-time figures ignore it). */
export class SummaryQuery extends RangeQuery {}

@SignedInController('dashboard', 'dashboard')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly scorecards: ScorecardService,
  ) {}

  @Get('summary')
  @ApiOkResponse({ type: DashboardSummaryResponse })
  @ApiNotFoundResponse({ description: 'unitId is not a unit in your jurisdiction' })
  @ApiOperation({
    operationId: 'getDashboardSummary',
    summary: 'Solved vs pending, overdue, by status/category/unit/level, 30-day trend, median hours to solve',
  })
  async summary(@CurrentUser() user: AuthUser, @Query() query: SummaryQuery): Promise<DashboardSummary> {
    // 共性问题 (issue 15): groups and member cases in the same unit's area, read beside the summary, whose
    // jurisdiction check refuses the whole answer for a unit outside the caller's reach
    const [summary, commonProblems] = await Promise.all([
      this.dashboard.summaryWithRange(user, query),
      this.dashboard.commonProblems(query.unitId ?? (user.role === 'admin' ? null : user.unitId)),
    ]);
    return { ...summary, commonProblems };
  }

  @Get('scorecard')
  @Roles('admin', 'manager')
  @ApiOkResponse({ type: ScorecardResponse })
  @ApiForbiddenResponse({ description: 'only managers and admins rate units' })
  @ApiNotFoundResponse({ description: 'unitId is not a unit in your jurisdiction' })
  @ApiOperation({
    operationId: 'getDashboardScorecard',
    summary:
      '考核排名: per town and bureau below a unit, the figures and rates of the cases opened in a range',
    description:
      'Case figures count the cases opened in [from, to] (local days) that the unit held; resolved, closed, cancelled, on time, overdue and ratings go to the unit holding the case now. urged, returned and extensions count the events of the range for the unit holding the case then.',
  })
  scorecard(@CurrentUser() user: AuthUser, @Query() query: RangeQuery): Promise<ScorecardResponse> {
    return this.scorecards.scorecard(user, query);
  }

  @Get('scorecard.xlsx')
  @Roles('admin', 'manager')
  @ApiOperation({
    operationId: 'exportDashboardScorecard',
    summary: '考核排名 as an Excel workbook (same query as the scorecard)',
  })
  @ApiXlsxResponse()
  @ApiForbiddenResponse({ description: 'only managers and admins rate units' })
  @ApiNotFoundResponse({ description: 'unitId is not a unit in your jurisdiction' })
  async scorecardXlsx(
    @CurrentUser() user: AuthUser,
    @Query() query: RangeQuery,
    @Res() res: Response,
  ): Promise<void> {
    await this.scorecards.writeXlsx(user, query, res);
  }
}
