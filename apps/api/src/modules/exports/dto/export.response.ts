import { ApiProperty } from '@nestjs/swagger';
import { EXPORT_STATUSES, ExportDto, ExportStatus } from '@taizhang/contracts';
import { CountProp, NullableStringProp, NullableTimeProp, TimeProp, UuidProp } from '../../../core/api-props';
import { PageOf } from '../../../core/page';
import { CreateExportDto } from './create-export.dto';

export class Export implements ExportDto {
  @UuidProp() id!: string;
  @ApiProperty({ enum: EXPORT_STATUSES }) status!: ExportStatus;
  @ApiProperty({ type: CreateExportDto, description: 'the filters it was asked with' })
  filters!: CreateExportDto;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    nullable: true,
    description: 'rows to write; null while queued',
  })
  total!: number | null;
  @CountProp() doneRows!: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) percent!: number;
  @ApiProperty({ example: '问题台账-2026-03-02.xlsx' }) fileName!: string;
  @ApiProperty({ type: 'integer', minimum: 0, nullable: true }) sizeBytes!: number | null;
  @NullableStringProp() error!: string | null;
  @TimeProp() createdAt!: string;
  @NullableTimeProp() startedAt!: string | null;
  @NullableTimeProp() finishedAt!: string | null;
}

export const ExportPage = PageOf(Export, 'ExportPage');
