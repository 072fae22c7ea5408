import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CASE_PRIORITIES,
  CasePriority,
  DeadlinePolicyDto,
  PutDeadlinePoliciesRequest,
} from '@taizhang/contracts';
import type { CaseLevel } from '@taizhang/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const TEN_YEARS = 10 * 365 * 24 * 60;

export class DeadlinePolicyItem implements DeadlinePolicyDto {
  @ApiProperty({ type: 'integer', enum: [0, 1, 2] })
  @IsIn([0, 1, 2], { message: 'level must be 0 (town), 1 (county) or 2 (city)' })
  level!: CaseLevel;
  @ApiProperty({ enum: CASE_PRIORITIES })
  @IsIn(CASE_PRIORITIES, { message: 'priority must be normal or urgent' })
  priority!: CasePriority;
  @ApiProperty({ type: Number, minimum: 0.01, maximum: TEN_YEARS, description: 'minutes; fractions allowed' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'respondMinutes must be a number' })
  @Min(0.01, { message: 'respondMinutes must be at least 0.01' })
  @Max(TEN_YEARS, { message: 'respondMinutes must be at most ten years' })
  respondMinutes!: number;
  @ApiProperty({ type: Number, minimum: 0.01, maximum: TEN_YEARS, description: 'minutes; fractions allowed' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'resolveMinutes must be a number' })
  @Min(0.01, { message: 'resolveMinutes must be at least 0.01' })
  @Max(TEN_YEARS, { message: 'resolveMinutes must be at most ten years' })
  resolveMinutes!: number;
  @ApiProperty() @IsBoolean({ message: 'workingTime must be true or false' }) workingTime!: boolean;
  @ApiProperty()
  @IsBoolean({ message: 'respondByEndOfDay must be true or false' })
  respondByEndOfDay!: boolean;
  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    maximum: 60,
    default: 5,
    description:
      'extension requests (延期申请): the most working days one extension may add (one per level); left out: unchanged',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'maxExtensionDays must be a number' })
  @Min(0, { message: 'maxExtensionDays must be at least 0' })
  @Max(60, { message: 'maxExtensionDays must be at most 60' })
  maxExtensionDays?: number;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 40,
    description:
      '"deadline near" notification (临期提醒): working hours before resolve-by at which the holder and its leaders hear; ' +
      "null: the worker's default (NOTIFY_DEADLINE_LEAD_HOURS); 0: none; left out: unchanged",
  })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'nearLeadHours must be a number or null' })
  @Min(0, { message: 'nearLeadHours must be at least 0' })
  @Max(40, { message: 'nearLeadHours must be at most 40' })
  nearLeadHours?: number | null;
}

export class PutDeadlinePoliciesDto implements PutDeadlinePoliciesRequest {
  @ApiProperty({ type: [DeadlinePolicyItem] })
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => DeadlinePolicyItem)
  policies!: DeadlinePolicyItem[];
}
