import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UNIT_KINDS, UnitDto, UnitKind } from '@taizhang/contracts';
import { NullableUuidProp, UuidProp } from '../../../core/api-props';
import { PageOf } from '../../../core/page';

export class Unit implements UnitDto {
  @UuidProp() id!: string;
  @ApiProperty({ example: '410184101' }) code!: string;
  @ApiProperty({ example: '郭店镇' }) name!: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind!: UnitKind;
  @NullableUuidProp({ description: 'null for a city' }) parentId!: string | null;
  @ApiPropertyOptional({ type: [String], description: 'a bureau only: the categories it handles' })
  categoryCodes?: string[];
  @ApiProperty({ description: 'false: disabled, kept for old cases but not offered for new work' })
  active!: boolean;
}

export const UnitPage = PageOf(Unit, 'UnitPage');
