import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { CategoryDto, CreateCategoryRequest, Page, UpdateCategoryRequest } from '@taizhang/contracts';
import { CategoryEntity } from '@taizhang/db';
import { IsBoolean, IsString, Length, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser, Roles } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { PageQuery, pageOf } from '../../core/page';
import { Category, CategoryPage } from './categories.responses';
import { AuditService } from '../audit/audit.service';
import { ReferenceCache } from '../cases/reference-cache';
import { OptionalNotNull } from '../../core/validation';

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

const toDto = ({ code, nameZh, nameEn, active }: CategoryEntity): CategoryDto => ({
  code,
  nameZh,
  nameEn,
  active,
});

@ApiTags('administration')
@ApiBearerAuth()
@Controller('categories')
export class CategoriesController {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceCache,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOkResponse({ type: CategoryPage })
  @ApiOperation({
    operationId: 'listCategories',
    summary:
      'Problem categories (用工, 运输物流, 资金 …), disabled ones too (`active: false`: not for new cases)',
  })
  async list(@Query() query: ListCategoriesQuery): Promise<Page<CategoryDto>> {
    const rows = await this.ds.getRepository(CategoryEntity).find({ order: { sort: 'ASC', code: 'ASC' } });
    return pageOf(rows.map(toDto), query, 100);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ operationId: 'createCategory', summary: 'Add a category (admin)' })
  @ApiCreatedResponse({ type: Category })
  @ApiConflictResponse({ description: 'a category with this code exists' })
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateCategoryDto): Promise<CategoryDto> {
    const out = await this.ds.transaction(async (m) => {
      const repo = m.getRepository(CategoryEntity);
      if (await repo.exists({ where: { code: dto.code } }))
        throw new ApiError('REQUEST.CONFLICT', `Category ${dto.code} already exists`);
      const sort = ((await repo.maximum('sort')) ?? 0) + 1;
      const row = repo.create({
        code: dto.code,
        nameZh: dto.nameZh.trim(),
        nameEn: dto.nameEn.trim(),
        sort,
        active: true,
      });
      await repo.insert(row);
      await this.audit.record(m, actor, 'category', dto.code, 'create', null, toDto(row));
      return toDto(row);
    });
    this.refs.invalidate();
    return out;
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOperation({
    operationId: 'updateCategory',
    summary: 'Rename, disable or enable a category (admin); nothing is deleted',
  })
  @ApiOkResponse({ type: Category })
  @ApiNotFoundResponse({ description: 'no such category' })
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('code') code: string,
    @Body() dto: UpdateCategoryDto,
  ): Promise<CategoryDto> {
    const out = await this.ds.transaction(async (m) => {
      const repo = m.getRepository(CategoryEntity);
      const row = /^[a-z][a-z0-9_]{1,31}$/.test(code)
        ? await repo.findOne({ where: { code }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!row) throw ApiError.notFound('Category');
      const before = toDto(row);
      if (dto.nameZh !== undefined) row.nameZh = dto.nameZh.trim();
      if (dto.nameEn !== undefined) row.nameEn = dto.nameEn.trim();
      if (dto.active !== undefined) row.active = dto.active;
      const after = toDto(await repo.save(row));
      await this.audit.record(m, actor, 'category', code, 'update', before, after);
      return after;
    });
    this.refs.invalidate();
    return out;
  }
}
