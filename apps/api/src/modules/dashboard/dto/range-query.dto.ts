import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A unit and a range of local days (Asia/Shanghai), both ends included: the summary's and the scorecard's. */
export class RangeQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'a unit within your jurisdiction (default: all of it)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-01',
    description: 'YYYY-MM-DD, inclusive: cases opened from this local day on (default: no lower bound)',
  })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date written YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-30',
    description: 'YYYY-MM-DD, inclusive: cases opened up to this local day (default: no upper bound)',
  })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date written YYYY-MM-DD' })
  to?: string;
}
