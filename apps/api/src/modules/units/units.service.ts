import { Injectable } from '@nestjs/common';
import type { UnitDto } from '@taizhang/contracts';
import { CategoryEntity, UnitEntity } from '@taizhang/db';
import { DataSource, In } from 'typeorm';
import { ApiError } from '../../core/errors';
import { toUnitDto } from '../users/users.mapper';
import { CreateUnitDto } from './units.dto';

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
  constructor(private readonly ds: DataSource) {}

  async list(): Promise<UnitDto[]> {
    const units = await this.ds.getRepository(UnitEntity).find({ order: { kind: 'ASC', code: 'ASC' } });
    return units.map(toUnitDto);
  }

  async create(dto: CreateUnitDto): Promise<UnitDto> {
    const repo = this.ds.getRepository(UnitEntity);
    const parentKinds = PARENT_KINDS[dto.kind] as string[];
    let parentId: string | null = null;
    if (parentKinds.length === 0) {
      if (dto.parentId) throw ApiError.invalid('parentId', 'a city has no parent: leave parentId out');
    } else {
      if (!dto.parentId) throw ApiError.invalid('parentId', `a ${dto.kind} needs a parent (${parentKinds.join(' or ')})`);
      const parent = await repo.findOne({ where: { id: dto.parentId } });
      if (!parent) throw ApiError.invalid('parentId', 'no unit has this id');
      if (!parentKinds.includes(parent.kind)) {
        throw ApiError.invalid('parentId', `a ${dto.kind} belongs under a ${parentKinds.join(' or ')}, not a ${parent.kind}`);
      }
      parentId = parent.id;
    }
    const categoryCodes = [...new Set(dto.categoryCodes ?? [])];
    if (categoryCodes.length && dto.kind !== 'bureau') throw ApiError.invalid('categoryCodes', 'only a bureau handles categories');
    if (categoryCodes.length) {
      const known = await this.ds.getRepository(CategoryEntity).count({ where: { code: In(categoryCodes) } });
      if (known !== categoryCodes.length) throw ApiError.invalid('categoryCodes', 'contains a category code that does not exist');
    }
    if (await repo.exists({ where: { code: dto.code } })) {
      throw new ApiError('REQUEST.CONFLICT', `A unit with code ${dto.code} already exists`);
    }
    const saved = await repo.save(repo.create({ code: dto.code, name: dto.name.trim(), kind: dto.kind, parentId, categoryCodes }));
    return toUnitDto(saved);
  }
}
