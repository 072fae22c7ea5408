import { Type as ClassType, applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Page } from '@taizhang/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { toInt } from './validation';

/**
 * The one list envelope, `{ items, total, page, pageSize }`, as a schema of its own per item type
 * (`UnitPage`, `CasePage` …): SwaggerModule names a schema after its class.
 */
export function PageOf<T>(
  item: ClassType<T>,
  name: string,
  opts: { cursor?: boolean } = {},
): ClassType<Page<T>> {
  class PageResponse implements Page<T> {
    @ApiProperty({ type: item, isArray: true }) items!: T[];
    @ApiProperty({ type: 'integer', minimum: 0, description: 'matching items, all pages together' })
    total!: number;
    @ApiProperty({ type: 'integer', minimum: 1 }) page!: number;
    @ApiProperty({ type: 'integer', minimum: 1 }) pageSize!: number;
  }
  class CursorPageResponse extends PageResponse {
    @ApiPropertyOptional({
      type: String,
      nullable: true,
      description: 'send it back as `cursor` for the next page; null on the last page',
    })
    nextCursor?: string | null;
    @ApiPropertyOptional({ description: 'true when `total` is the planner’s estimate' })
    totalEstimated?: boolean;
  }
  const cls = opts.cursor ? CursorPageResponse : PageResponse;
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

/** A list's optional `q`: text of 1–100 characters the items' `what` contains (applied bottom-up, as stacked). */
export const SearchText = (what: string) =>
  applyDecorators(
    Length(1, 100),
    IsString(),
    IsOptional(),
    ApiPropertyOptional({ description: `${what} contains` }),
  );

/** `page` and `pageSize` of a list (1-based; pageSize bounded by `max`). */
export function PageQuery(defaults: {
  pageSize: number;
  max: number;
  /** the last page one may ask for (default 100000) */
  maxPage?: number;
}): ClassType<{ page?: number; pageSize?: number }> {
  const maxPage = defaults.maxPage ?? 100_000;
  class PageQueryDto {
    @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: maxPage, default: 1 })
    @IsOptional()
    @Transform(toInt)
    @IsInt({ message: 'page must be a whole number' })
    @Min(1, { message: 'page must be at least 1' })
    @Max(maxPage, { message: `page must be at most ${maxPage}` })
    page?: number;

    @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: defaults.max, default: defaults.pageSize })
    @IsOptional()
    @Transform(toInt)
    @IsInt({ message: 'pageSize must be a whole number' })
    @Min(1, { message: 'pageSize must be at least 1' })
    @Max(defaults.max, { message: `pageSize must be at most ${defaults.max}` })
    pageSize?: number;
  }
  return PageQueryDto;
}

/** One page of a list already read whole (short lists: units, categories, reports). */
export function pageOf<T>(all: T[], q: { page?: number; pageSize?: number }, defaultSize: number): Page<T> {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? defaultSize;
  return { items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length, page, pageSize };
}
