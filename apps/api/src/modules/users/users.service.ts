import { Injectable } from '@nestjs/common';
import type { UserDto } from '@taizhang/contracts';
import { UnitEntity, UserEntity } from '@taizhang/db';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { hashPassword } from '../auth/auth.service';
import { CreateUserDto, ListUsersQuery } from './users.dto';
import { toUserDto } from './users.mapper';

/** The kind of unit each role belongs to. */
const ROLE_UNIT_KINDS: Record<string, string[]> = {
  instructor: ['town', 'grid'],
  coordinator: ['town'],
  bureau_officer: ['bureau'],
  manager: ['city', 'county', 'town', 'bureau'],
  admin: ['city', 'county', 'town', 'grid', 'bureau'],
};

@Injectable()
export class UsersService {
  constructor(private readonly ds: DataSource) {}

  /** Admins see everyone; others the users of their own unit (e.g. to pick an assignee). */
  async list(caller: AuthUser, query: ListUsersQuery): Promise<UserDto[]> {
    const where: FindOptionsWhere<UserEntity> = { active: true };
    if (caller.role !== 'admin') {
      if (query.unitId && query.unitId !== caller.unitId) return [];
      if (!caller.unitId) return [];
      where.unitId = caller.unitId;
    } else if (query.unitId) {
      where.unitId = query.unitId;
    }
    if (query.role) where.role = query.role;
    const users = await this.ds.getRepository(UserEntity).find({ where, order: { displayName: 'ASC' }, take: 1000 });
    return users.map(toUserDto);
  }

  async create(dto: CreateUserDto): Promise<UserDto> {
    const repo = this.ds.getRepository(UserEntity);
    const username = dto.username.toLowerCase();
    let unitId: string | null = null;
    if (dto.unitId) {
      const unit = await this.ds.getRepository(UnitEntity).findOne({ where: { id: dto.unitId } });
      if (!unit) throw ApiError.invalid('unitId', 'no unit has this id');
      const kinds = ROLE_UNIT_KINDS[dto.role] as string[];
      if (!kinds.includes(unit.kind)) throw ApiError.invalid('unitId', `a ${dto.role} belongs to a ${kinds.join(' or ')}, not a ${unit.kind}`);
      unitId = unit.id;
    } else if (dto.role !== 'admin') {
      throw ApiError.invalid('unitId', `a ${dto.role} must belong to a unit`);
    }
    if (await repo.exists({ where: { username } })) throw new ApiError('REQUEST.CONFLICT', `The username ${username} is taken`);
    const saved = await repo.save(
      repo.create({
        username,
        displayName: dto.displayName.trim(),
        role: dto.role,
        unitId,
        phone: dto.phone ?? null,
        passwordHash: await hashPassword(dto.password),
      }),
    );
    return toUserDto(saved);
  }
}
