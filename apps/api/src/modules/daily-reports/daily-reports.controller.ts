import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { DailyReportDto, Page } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles } from '../../core/auth';
import { pageOf } from '../../core/page';
import { DailyReportsService } from './daily-reports.service';
import { DailyReportsQuery, REPORT_PAGE_SIZE } from './dto/daily-reports-query.dto';
import { DailyReportPage } from './dto/daily-reports.responses';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('daily-reports')
export class DailyReportsController {
  constructor(private readonly reports: DailyReportsService) {}

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
