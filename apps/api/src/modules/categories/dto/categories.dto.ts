import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateCategoryRequest, UpdateCategoryRequest } from '@taizhang/contracts';
import { IsBoolean, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '../../../core/page';
import { OptionalNotNull } from '../../../core/validation';

export class CreateCategoryDto implements CreateCategoryRequest {
  @ApiProperty({ example: 'energy' })
  @Matches(/^[a-z][a-z0-9_]{1,31}$/, {
    message: 'code must be 2–32 lower-case letters, digits or _, starting with a letter',
  })
  code!: string;

  @ApiProperty({ example: '能源' })
  @IsString()
  @Length(1, 50)
  nameZh!: string;

  @ApiProperty({ example: 'Energy' })
  @IsString()
  @Length(1, 50)
  nameEn!: string;
}

export class UpdateCategoryDto implements UpdateCategoryRequest {
  @ApiPropertyOptional({ example: '能源' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 50, { message: 'nameZh must have 1–50 characters' })
  nameZh?: string;

  @ApiPropertyOptional({ example: 'Energy' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 50, { message: 'nameEn must have 1–50 characters' })
  nameEn?: string;

  @ApiPropertyOptional({
    description: 'false disables the category: old cases keep it, new ones are not offered it',
  })
  @OptionalNotNull()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class ListCategoriesQuery extends PageQuery({ pageSize: 100, max: 100 }) {}
