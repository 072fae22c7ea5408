import { Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { DailyReportDto, Page } from '@taizhang/contracts';
import { DailyReportTodayService } from './daily-report-today.service';
import { AuthUser, CurrentUser, Roles, SignedInController } from '../../core/auth';
import { pageOf } from '../../core/page';
import { ApiXlsxResponse } from '../../core/xlsx-download';
import { DailyReportsService } from './daily-reports.service';
import {
  CASES_PAGE_SIZE,
  DailyReportCasesQuery,
  DailyReportTodayQuery,
  DailyReportsExportQuery,
  DailyReportsQuery,
  REPORT_PAGE_SIZE,
} from './dto/daily-reports-query.dto';
import {
  DailyReportCase,
  DailyReportCasePage,
  DailyReportPage,
  DailyReportToday,
} from './dto/daily-reports.responses';

@SignedInController('dashboard', 'daily-reports')
export class DailyReportsController {
  constructor(
    private readonly reports: DailyReportsService,
    private readonly live: DailyReportTodayService,
  ) {}

  @Get('today')
  @Roles('admin', 'manager', 'coordinator')
  @ApiOkResponse({ type: DailyReportToday })
  @ApiOperation({
    operationId: 'getDailyReportToday',
    summary:
      '今日清零: today\u2019s figures of a town, county or city, live (opened, answered, solved, pending, pending past a day, overdue)',
  })
  @ApiBadRequestResponse({ description: 'no unitId and no unit of your own' })
  @ApiForbiddenResponse({ description: 'instructors and bureau officers have no daily reports' })
  @ApiNotFoundResponse({ description: 'unitId is not a town, county or city in your jurisdiction' })
  today(@CurrentUser() user: AuthUser, @Query() query: DailyReportTodayQuery): Promise<DailyReportToday> {
    return this.live.today(user, query.unitId);
  }

  @Get('cases')
  @Roles('admin', 'manager', 'coordinator')
  @ApiOkResponse({ type: DailyReportCasePage })
  @ApiOperation({
    operationId: 'listDailyReportCases',
    summary:
      'The cases behind one figure of the daily report (a past day: opened, answered, solved; today: every figure, live)',
  })
  @ApiBadRequestResponse({
    description: 'an unknown figure, a future date, or a frozen figure of a past day',
  })
  @ApiForbiddenResponse({ description: 'instructors and bureau officers have no daily reports' })
  @ApiNotFoundResponse({ description: 'unitId is not a town, county or city in your jurisdiction' })
  async cases(
    @CurrentUser() user: AuthUser,
    @Query() query: DailyReportCasesQuery,
  ): Promise<Page<DailyReportCase>> {
    return pageOf(await this.live.cases(user, query), query, CASES_PAGE_SIZE);
  }

  @Get('export.xlsx')
  @Roles('admin', 'manager', 'coordinator')
  @ApiOperation({
    operationId: 'exportDailyReports',
    summary: '每日清零 as an Excel workbook: today (live) and the frozen days of the range, for one unit',
  })
  @ApiXlsxResponse()
  @ApiBadRequestResponse({ description: 'a date that does not exist, or a range backwards or too long' })
  @ApiForbiddenResponse({ description: 'instructors and bureau officers have no daily reports' })
  @ApiNotFoundResponse({ description: 'unitId is not a town, county or city in your jurisdiction' })
  async exportXlsx(
    @CurrentUser() user: AuthUser,
    @Query() query: DailyReportsExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    const frozen = await this.reports.list(user, {
      ...query,
      unitId: query.unitId ?? user.unitId ?? undefined,
    });
    await this.live.writeXlsx(user, frozen, query.unitId, res);
  }

  @Get()
  @Roles('admin', 'manager', 'coordinator')
  @ApiOkResponse({ type: DailyReportPage })
  @ApiOperation({
    operationId: 'listDailyReports',
    summary: '每日清零: the frozen daily figures (opened, solved, pending, overdue) per town/county/city',
    description:
      'Frozen once after each day (00:05 Asia/Shanghai) and never changed. A manager or coordinator sees his unit and the units below it.',
  })
  @ApiForbiddenResponse({ description: 'instructors and bureau officers have no daily reports' })
  @ApiNotFoundResponse({ description: 'unitId is not a town, county or city in your jurisdiction' })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: DailyReportsQuery,
  ): Promise<Page<DailyReportDto>> {
    return pageOf(await this.reports.list(user, query), query, REPORT_PAGE_SIZE);
  }
}
