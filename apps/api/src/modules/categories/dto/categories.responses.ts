import { ApiProperty } from '@nestjs/swagger';
import type { CategoryDto } from '@taizhang/contracts';
import { PageOf } from '../../../core/page';

export class Category implements CategoryDto {
  @ApiProperty({ example: 'labor' }) code!: string;
  @ApiProperty({ example: '用工' }) nameZh!: string;
  @ApiProperty({ example: 'Labor' }) nameEn!: string;
  @ApiProperty({ description: 'false: disabled, still on old cases but not offered for new ones' })
  active!: boolean;
}

export const CategoryPage = PageOf(Category, 'CategoryPage');
