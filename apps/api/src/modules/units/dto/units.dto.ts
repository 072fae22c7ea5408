import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CreateUnitRequest,
  UNIT_KINDS,
  UnitKind,
  UnitSearchQuery,
  UpdateUnitRequest,
} from '@taizhang/contracts';

import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { PageQuery } from '../../../core/page';
import { OptionalNotNull } from '../../../core/validation';

export class CreateUnitDto implements CreateUnitRequest {
  @ApiProperty({ example: '410184101', description: 'unique code; a town code starts its ledger numbers' })
  @IsString()
  @Matches(/^[A-Za-z0-9_]{1,32}$/, { message: 'code must be 1–32 letters, digits or _' })
  code!: string;

  @ApiProperty({ example: '郭店镇' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsIn(UNIT_KINDS, { message: `kind must be one of ${UNIT_KINDS.join(', ')}` })
  kind!: UnitKind;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'required for all but a city',
  })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'for a bureau: the categories it handles' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  categoryCodes?: string[];
}

export class UpdateUnitDto implements UpdateUnitRequest {
  @ApiPropertyOptional({ example: '郭店镇' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 100, { message: 'name must have 1–100 characters' })
  name?: string;

  @ApiPropertyOptional({ type: [String], description: 'for a bureau: the categories it handles' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  categoryCodes?: string[];

  @ApiPropertyOptional({
    description: 'false disables the unit: kept for old cases, not offered for new work',
  })
  @OptionalNotNull()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

/** GET /api/units: the tree is read whole by the admin app, so its pages are large. */
export const UNIT_PAGE_SIZE = 1000;
export class ListUnitsQuery extends PageQuery({ pageSize: UNIT_PAGE_SIZE, max: UNIT_PAGE_SIZE }) {}

export class UnitSearchQueryDto
  extends PageQuery({ pageSize: 20, max: 100, maxPage: 10_000 })
  implements UnitSearchQuery
{
  @ApiPropertyOptional({ description: 'part of the name or code' })
  @IsOptional()
  @IsString()
  @Length(0, 64, { message: 'q must have at most 64 characters' })
  q?: string;

  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @IsOptional()
  @IsIn(UNIT_KINDS, { message: `kind must be one of ${UNIT_KINDS.join(', ')}` })
  kind?: UnitKind;

  @ApiPropertyOptional({ enum: ['true', 'false', 'all'], default: 'true' })
  @IsOptional()
  @IsIn(['true', 'false', 'all'], { message: 'active must be true, false or all' })
  active?: 'true' | 'false' | 'all';
}
