import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RESUMPTION_STATUSES, RecordVisitRequest, ResumptionStatus } from '@taizhang/contracts';
import { VISIT_NOTE_MAX, VISIT_PROBLEMS_MAX } from '@taizhang/domain';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class RecordVisitDto implements RecordVisitRequest {
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-11-30T09:30:00+08:00',
    description:
      'when the visit took place: not in the future, within the last 90 days; without an offset, local time in Shanghai (a date alone: the start of that day)',
  })
  @IsISO8601({ strict: true }, { message: 'visitedAt must be an ISO 8601 date and time' })
  visitedAt!: string;

  @ApiProperty({
    example: '已全面复工，用工缺口 20 人',
    maxLength: VISIT_NOTE_MAX,
    description: 'what was found',
  })
  @IsString({ message: 'note must be text' })
  @Length(1, VISIT_NOTE_MAX, { message: `note must have 1 to ${VISIT_NOTE_MAX} characters` })
  note!: string;

  @ApiPropertyOptional({
    enum: RESUMPTION_STATUSES,
    description: "the enterprise's resumption status as found",
  })
  @IsOptional()
  @IsIn(RESUMPTION_STATUSES, { message: `resumption must be one of ${RESUMPTION_STATUSES.join(', ')}` })
  resumption?: ResumptionStatus;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: 'staff back at work, at most the headcount',
  })
  @IsOptional()
  @IsInt({ message: 'returnedHeadcount must be a whole number' })
  @Min(0, { message: 'returnedHeadcount must be at least 0' })
  @Max(10_000_000, { message: 'returnedHeadcount is too large' })
  returnedHeadcount?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: VISIT_PROBLEMS_MAX,
    default: 0,
    description: 'problems the enterprise raised',
  })
  @IsOptional()
  @IsInt({ message: 'problemsRaised must be a whole number' })
  @Min(0, { message: 'problemsRaised must be at least 0' })
  @Max(VISIT_PROBLEMS_MAX, { message: `problemsRaised must be at most ${VISIT_PROBLEMS_MAX}` })
  problemsRaised?: number;
}
