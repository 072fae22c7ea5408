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
