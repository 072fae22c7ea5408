import { Injectable } from '@nestjs/common';
import type { Page, UnitDto } from '@taizhang/contracts';
import { CategoryEntity, UnitEntity, containsPattern } from '@taizhang/db';
import { DataSource, EntityManager, FindOptionsWhere, ILike, In } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { AuditService } from '../audit/audit.service';
import { ReferenceCache } from '../reference/reference-cache.service';
import { toUnitDto } from '../../core/account-dtos';
import { CreateUnitDto, UnitSearchQueryDto, UpdateUnitDto } from './dto/units.dto';

/** Which kind of unit may sit under which. */
const PARENT_KINDS: Record<string, string[]> = {
  city: [],
  county: ['city'],
  town: ['county'],
  grid: ['town'],
  bureau: ['county', 'city'],
};

@Injectable()
export class UnitsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly refs: ReferenceCache,
  ) {}

  /** Every unit, disabled ones too (old cases name them), each with `active`. */
  async list(): Promise<UnitDto[]> {
    const units = await this.ds.getRepository(UnitEntity).find({ order: { kind: 'ASC', code: 'ASC' } });
    return units.map(toUnitDto);
  }

  /** One page of units by name or code, for pickers (enabled ones unless asked otherwise). */
  async search(query: UnitSearchQueryDto): Promise<Page<UnitDto>> {
    const { page = 1, pageSize = 20 } = query;
    const base: FindOptionsWhere<UnitEntity> = {};
    if (query.kind) base.kind = query.kind;
    const active = query.active ?? 'true';
    if (active !== 'all') base.active = active === 'true';
    const q = query.q?.trim();
    const where = q
      ? [
          { ...base, name: ILike(containsPattern(q)) },
          { ...base, code: ILike(containsPattern(q)) },
        ]
      : base;
    const [units, total] = await this.ds.getRepository(UnitEntity).findAndCount({
      where,
      order: { name: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: units.map(toUnitDto), total, page, pageSize };
  }

  async create(actor: AuthUser, dto: CreateUnitDto): Promise<UnitDto> {
    const out = await this.ds.transaction(async (m) => {
      const repo = m.getRepository(UnitEntity);
      const parentKinds = PARENT_KINDS[dto.kind];
      let parentId: string | null = null;
      if (parentKinds.length === 0) {
        if (dto.parentId) throw ApiError.invalid('parentId', 'a city has no parent: leave parentId out');
      } else {
        if (!dto.parentId)
          throw ApiError.invalid('parentId', `a ${dto.kind} needs a parent (${parentKinds.join(' or ')})`);
        const parent = await repo.findOne({ where: { id: dto.parentId } });
        if (!parent) throw ApiError.invalid('parentId', 'no unit has this id');
        if (!parentKinds.includes(parent.kind)) {
          throw ApiError.invalid(
            'parentId',
            `a ${dto.kind} belongs under a ${parentKinds.join(' or ')}, not a ${parent.kind}`,
          );
        }
        if (!parent.active)
          throw ApiError.invalid('parentId', `${parent.name} is disabled: pick an enabled unit`);
        parentId = parent.id;
      }
      const categoryCodes = await this.checkCategories(m, dto.kind, dto.categoryCodes);
      if (await repo.exists({ where: { code: dto.code } })) {
        throw new ApiError('REQUEST.CONFLICT', `A unit with code ${dto.code} already exists`);
      }
      const saved = toUnitDto(
        await repo.save(
          repo.create({ code: dto.code, name: dto.name.trim(), kind: dto.kind, parentId, categoryCodes }),
        ),
      );
      await this.audit.record(m, actor, 'unit', saved.id, 'create', null, saved);
      return saved;
    });
    this.refs.invalidate();
    return out;
  }

  /**
   * Rename, change a bureau's categories, or disable / enable a unit. Nothing is deleted: a disabled unit
   * stays on its old cases, enterprises and users, but is not offered for new work.
   */
  async update(actor: AuthUser, id: string, dto: UpdateUnitDto): Promise<UnitDto> {
    const out = await this.ds.transaction(async (m) => {
      const repo = m.getRepository(UnitEntity);
      const unit = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!unit) throw ApiError.notFound('Unit');
      const before = toUnitDto(unit);
      if (dto.name !== undefined) unit.name = dto.name.trim();
      if (dto.categoryCodes !== undefined)
        unit.categoryCodes = await this.checkCategories(m, unit.kind, dto.categoryCodes);
      if (dto.active !== undefined) unit.active = dto.active;
      const after = toUnitDto(await repo.save(unit));
      await this.audit.record(m, actor, 'unit', id, 'update', before, after);
      return after;
    });
    this.refs.invalidate();
    return out;
  }

  private async checkCategories(
    m: EntityManager,
    kind: string,
    codes: string[] | undefined,
  ): Promise<string[]> {
    const categoryCodes = [...new Set(codes ?? [])];
    if (categoryCodes.length && kind !== 'bureau')
      throw ApiError.invalid('categoryCodes', 'only a bureau handles categories');
    if (categoryCodes.length) {
      const known = await m.getRepository(CategoryEntity).count({ where: { code: In(categoryCodes) } });
      if (known !== categoryCodes.length)
        throw ApiError.invalid('categoryCodes', 'contains a category code that does not exist');
    }
    return categoryCodes;
  }
}
