import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { DAILY_FIGURES, type DailyReportQuery } from '@taizhang/contracts';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '../../../core/page';

export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_DAYS = 366;

export const REPORT_PAGE_SIZE = 1000;

/** A range of days, both ends inclusive. */
export class ReportRange {
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

export class DailyReportsQuery
  extends IntersectionType(PageQuery({ pageSize: REPORT_PAGE_SIZE, max: REPORT_PAGE_SIZE }), ReportRange)
  implements DailyReportQuery
{
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a town, county or city in your jurisdiction (default: all of it)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;
}

export const CASES_PAGE_SIZE = 100;

export class DailyReportTodayQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a town, county or city in your jurisdiction (default: your own unit)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;
}

export class DailyReportCasesQuery extends IntersectionType(
  PageQuery({ pageSize: CASES_PAGE_SIZE, max: 1000 }),
  DailyReportTodayQuery,
) {
  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-30',
    description: 'YYYY-MM-DD (default: today, Asia/Shanghai)',
  })
  @IsOptional()
  @Matches(DATE, { message: 'date must be a date written YYYY-MM-DD' })
  date?: string;
  @ApiProperty({ enum: DAILY_FIGURES, description: 'the figure whose cases to list' })
  @IsIn(DAILY_FIGURES, {
    message: `figure must be one of ${DAILY_FIGURES.join(', ')}`,
  })
  figure!: string;
}

/** The export: a unit (default: your own) and a range of days. */
export class DailyReportsExportQuery extends IntersectionType(DailyReportTodayQuery, ReportRange) {}
