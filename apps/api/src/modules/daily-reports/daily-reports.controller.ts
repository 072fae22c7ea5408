import { Controller, Get, Injectable, Module, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { PageQuery, pageOf } from '../../core/page';
import { DailyReportTodayService } from './daily-report-today.service';
import {
  DailyReportCase,
  DailyReportCasePage,
  DailyReportPage,
  DailyReportToday,
} from './daily-reports.responses';
import type { DailyReportDto, DailyReportQuery, Page } from '@taizhang/contracts';
import { DAILY_FIGURES, yesterdayInShanghai } from '@taizhang/db';
import { addLocalDays, isLocalDate } from '@taizhang/domain';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser, Roles } from '../../core/auth';
import { ApiError } from '../../core/errors';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 366;

const REPORT_PAGE_SIZE = 1000;

export class DailyReportsQuery
  extends PageQuery({ pageSize: REPORT_PAGE_SIZE, max: REPORT_PAGE_SIZE })
  implements DailyReportQuery
{
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a town, county or city in your jurisdiction (default: all of it)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;
  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-01',
    description: 'YYYY-MM-DD, inclusive (default: 30 days before `to`)',
  })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date written YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-23',
    description: 'YYYY-MM-DD, inclusive (default: yesterday, Asia/Shanghai)',
  })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date written YYYY-MM-DD' })
  to?: string;
}

type Row = Record<string, unknown>;

const CASES_PAGE_SIZE = 100;

export class DailyReportTodayQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a town, county or city in your jurisdiction (default: your own unit)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;
}

export class DailyReportCasesQuery extends PageQuery({ pageSize: CASES_PAGE_SIZE, max: 1000 }) {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a town, county or city in your jurisdiction (default: your own unit)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;
  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-30',
    description: 'YYYY-MM-DD (default: today, Asia/Shanghai)',
  })
  @IsOptional()
  @Matches(DATE, { message: 'date must be a date written YYYY-MM-DD' })
  date?: string;
  @ApiProperty({ enum: DAILY_FIGURES, description: 'the figure whose cases to list' })
  @IsIn(DAILY_FIGURES as unknown as string[], {
    message: `figure must be one of ${DAILY_FIGURES.join(', ')}`,
  })
  figure!: string;
}

export class DailyReportsExportQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a town, county or city in your jurisdiction (default: your own unit)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;
  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-01',
    description: 'YYYY-MM-DD, inclusive (default: 30 days before `to`)',
  })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date written YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-23',
    description: 'YYYY-MM-DD, inclusive (default: yesterday, Asia/Shanghai)',
  })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date written YYYY-MM-DD' })
  to?: string;
}

/** 每日清零: the frozen daily figures, scoped by jurisdiction (a manager or coordinator: his unit and below). */
@Injectable()
export class DailyReportsService {
  constructor(private readonly ds: DataSource) {}

  async list(user: AuthUser, q: DailyReportsQuery, now = new Date()): Promise<DailyReportDto[]> {
    for (const f of ['from', 'to'] as const) {
      if (q[f] !== undefined && !isLocalDate(q[f])) throw ApiError.invalid(f, `"${q[f]}" is not a date`);
    }
    const to = q.to ?? yesterdayInShanghai(now);
    const from = q.from ?? addLocalDays(to, -30);
    if (from > to) throw ApiError.invalid('from', 'must not be after to');
    if (from < addLocalDays(to, -(MAX_DAYS - 1)))
      throw ApiError.invalid('from', `at most ${MAX_DAYS} days at a time`);

    const params: unknown[] = [from, to];
    /** The units the caller may see, as a condition on a column (pushing the parameter). */
    const inJurisdiction = (column: string, ps: unknown[]): string => {
      if (user.role === 'admin') return 'TRUE';
      ps.push(user.unitId);
      return `${column} IN (WITH RECURSIVE sub AS (SELECT id FROM units WHERE id = $${ps.length}
                              UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
                            SELECT id FROM sub)`;
    };
    if (user.role !== 'admin' && !user.unitId) return [];
    let scope: string;
    if (q.unitId) {
      const ps: unknown[] = [q.unitId];
      const found: Row[] = await this.ds.query(
        `SELECT 1 FROM units WHERE id = $1 AND kind IN ('city','county','town') AND ${inJurisdiction('id', ps)}`,
        ps,
      );
      if (!found.length)
        throw new ApiError('REQUEST.NOT_FOUND', 'No town, county or city with this id in your jurisdiction');
      params.push(q.unitId);
      scope = `r.unit_id = $${params.length}`;
    } else {
      scope = inJurisdiction('r.unit_id', params);
    }
    const rows: Row[] = await this.ds.query(
      `SELECT r.unit_id, u.name AS unit_name, u.kind AS unit_kind, to_char(r.report_date, 'YYYY-MM-DD') AS report_date,
              r.opened, r.solved, r.pending, r.overdue, r.frozen_at
         FROM daily_reports r JOIN units u ON u.id = r.unit_id
        WHERE r.report_date BETWEEN $1::date AND $2::date AND ${scope}
        ORDER BY r.report_date DESC, array_position(ARRAY['city','county','town'], u.kind), u.code`,
      params,
    );
    return rows.map((r) => ({
      unitId: r['unit_id'] as string,
      unitName: r['unit_name'] as string,
      unitKind: r['unit_kind'] as DailyReportDto['unitKind'],
      reportDate: r['report_date'] as string,
      opened: Number(r['opened']),
      solved: Number(r['solved']),
      pending: Number(r['pending']),
      overdue: Number(r['overdue']),
      frozenAt: new Date(r['frozen_at'] as string).toISOString(),
    }));
  }
}

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('daily-reports')
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
  @ApiOkResponse({
    description: 'the workbook',
    content: {
      ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']: {
        schema: { type: 'string', format: 'binary' },
      },
    },
  })
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
    } as DailyReportsQuery);
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

@Module({ controllers: [DailyReportsController], providers: [DailyReportsService, DailyReportTodayService] })
export class DailyReportsModule {}
