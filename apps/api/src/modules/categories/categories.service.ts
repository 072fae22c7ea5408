import { Injectable } from '@nestjs/common';
import type { CategoryDto } from '@taizhang/contracts';
import { CategoryEntity } from '@taizhang/db';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { AuditService } from '../audit/audit.service';
import { ReferenceCache } from '../reference/reference-cache.service';
import { CreateCategoryDto, UpdateCategoryDto } from './dto/categories.dto';

const toDto = ({ code, nameZh, nameEn, active }: CategoryEntity): CategoryDto => ({
  code,
  nameZh,
  nameEn,
  active,
});

/** Problem categories: listed to everyone, added, renamed, disabled and enabled by an admin (never deleted). */
@Injectable()
export class CategoriesService {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceCache,
    private readonly audit: AuditService,
  ) {}

  /** Every category, disabled ones too, in their order. */
  async list(): Promise<CategoryDto[]> {
    const rows = await this.ds.getRepository(CategoryEntity).find({ order: { sort: 'ASC', code: 'ASC' } });
    return rows.map(toDto);
  }

  async create(actor: AuthUser, dto: CreateCategoryDto): Promise<CategoryDto> {
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

  async update(actor: AuthUser, code: string, dto: UpdateCategoryDto): Promise<CategoryDto> {
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
