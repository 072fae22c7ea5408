import { ApiProperty } from '@nestjs/swagger';
import type { DailyReportDto } from '@taizhang/contracts';
import { CountProp, TimeProp, UuidProp } from '../../../core/api-props';
import { PageOf } from '../../../core/page';

export class DailyReport implements DailyReportDto {
  @UuidProp() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: ['city', 'county', 'town'] }) unitKind!: DailyReportDto['unitKind'];
  @ApiProperty({ type: String, format: 'date', example: '2026-11-23' }) reportDate!: string;
  @CountProp() opened!: number;
  @CountProp() solved!: number;
  @CountProp() pending!: number;
  @CountProp() overdue!: number;
  @TimeProp() frozenAt!: string;
}

export const DailyReportPage = PageOf(DailyReport, 'DailyReportPage');

/** 今日清零 (live): today's figures of a town, county or city, as of now. */
export class DailyReportToday {
  @UuidProp() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: String, format: 'date', example: '2026-11-30', description: 'today, Asia/Shanghai' })
  reportDate!: string;
  @TimeProp({ description: 'the moment the figures were read' }) asOf!: string;
  @CountProp({ description: '今日新登记' }) opened!: number;
  @CountProp({ description: '今日已响应: left an awaiting-response status (accepted, assigned) today' })
  answered!: number;
  @CountProp({ description: '今日已解决: resolved today' }) solved!: number;
  @CountProp({ description: '未办结: open, in progress or escalated now' }) pending!: number;
  @CountProp({ description: '超过一天未办结: pending and opened more than 24 hours ago' })
  pendingOverDay!: number;
  @CountProp({ description: '超期: pending and past a deadline now' }) overdue!: number;
}

/** One case behind a figure of the daily report. */
export class DailyReportCase {
  @UuidProp() id!: string;
  @ApiProperty() ledgerNo!: string;
  @ApiProperty() title!: string;
  @ApiProperty() enterpriseName!: string;
  @ApiProperty({ enum: ['open', 'in_progress', 'escalated', 'resolved', 'closed', 'cancelled'] })
  status!: string;
  @ApiProperty() overdue!: boolean;
  @TimeProp() openedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolveBy!: string | null;
  @ApiProperty({ description: 'the unit holding it now' }) unitName!: string;
}

export const DailyReportCasePage = PageOf(DailyReportCase, 'DailyReportCasePage');
