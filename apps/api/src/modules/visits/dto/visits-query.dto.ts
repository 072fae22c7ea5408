import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../../core/page';

export class ListVisitsQuery extends PageQuery({ pageSize: 20, max: 200 }) {}

export class VisitsScopeQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a unit within your jurisdiction (default: your own unit)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;
}

export class ExportVisitsQuery extends VisitsScopeQuery {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description:
      'visits at or after this time (without an offset: Shanghai local time; a date: the start of that day)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date and time' })
  from?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description:
      'visits before this time (without an offset: Shanghai local time; a date: the start of that day)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date and time' })
  to?: string;
}
