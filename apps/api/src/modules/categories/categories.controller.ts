import { Body, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { CategoryDto, Page } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles, SignedInController } from '../../core/auth';
import { pageOf } from '../../core/page';
import { CategoriesService } from './categories.service';
import { CreateCategoryDto, ListCategoriesQuery, UpdateCategoryDto } from './dto/categories.dto';
import { Category, CategoryPage } from './dto/categories.responses';

@SignedInController('administration', 'categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get()
  @ApiOkResponse({ type: CategoryPage })
  @ApiOperation({
    operationId: 'listCategories',
    summary:
      'Problem categories (用工, 运输物流, 资金 …), disabled ones too (`active: false`: not for new cases)',
  })
  async list(@Query() query: ListCategoriesQuery): Promise<Page<CategoryDto>> {
    return pageOf(await this.categories.list(), query, 100);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ operationId: 'createCategory', summary: 'Add a category (admin)' })
  @ApiCreatedResponse({ type: Category })
  @ApiConflictResponse({ description: 'a category with this code exists' })
  async create(@CurrentUser() actor: AuthUser, @Body() dto: CreateCategoryDto): Promise<CategoryDto> {
    return this.categories.create(actor, dto);
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
    return this.categories.update(actor, code, dto);
  }
}
