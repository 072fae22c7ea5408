import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreateUnitRequest, UNIT_KINDS, UnitKind } from '@taizhang/contracts';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

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

  @ApiPropertyOptional({ nullable: true, description: 'required for all but a city' })
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
