import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { CategoryDto, CreateCategoryRequest } from '@taizhang/contracts';
import { CategoryEntity } from '@taizhang/db';
import { IsString, Length, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { Roles } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { ReferenceCache } from '../cases/reference-cache';

export class CreateCategoryDto implements CreateCategoryRequest {
  @ApiProperty({ example: 'energy' })
  @Matches(/^[a-z][a-z0-9_]{1,31}$/, { message: 'code must be 2–32 lower-case letters, digits or _, starting with a letter' })
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

@ApiTags('administration')
@ApiBearerAuth()
@Controller('categories')
export class CategoriesController {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceCache,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Problem categories (用工, 运输物流, 资金 …)' })
  async list(): Promise<CategoryDto[]> {
    const rows = await this.ds.getRepository(CategoryEntity).find({ order: { sort: 'ASC', code: 'ASC' } });
    return rows.map(({ code, nameZh, nameEn }) => ({ code, nameZh, nameEn }));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a category (admin)' })
  async create(@Body() dto: CreateCategoryDto): Promise<CategoryDto> {
    const repo = this.ds.getRepository(CategoryEntity);
    if (await repo.exists({ where: { code: dto.code } })) throw new ApiError('REQUEST.CONFLICT', `Category ${dto.code} already exists`);
    const sort = ((await repo.maximum('sort')) ?? 0) + 1;
    await repo.insert({ code: dto.code, nameZh: dto.nameZh.trim(), nameEn: dto.nameEn.trim(), sort });
    this.refs.invalidate();
    return { code: dto.code, nameZh: dto.nameZh.trim(), nameEn: dto.nameEn.trim() };
  }
}
