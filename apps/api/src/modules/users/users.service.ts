import { Injectable } from '@nestjs/common';
import type { Page, Role, UserDto } from '@taizhang/contracts';
import { UnitEntity, UserEntity, containsPattern } from '@taizhang/db';
import { checkPassword } from '@taizhang/domain';
import { DataSource, EntityManager, FindOptionsWhere, ILike } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError, fromRefusal } from '../../core/errors';
import { SessionStates } from '../../core/sessions';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../../core/passwords';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/users.dto';
import { toUserDto } from '../../core/account-dtos';

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
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionStates,
  ) {}

  /**
   * One page of users, by display name. Admins see everyone (enabled ones unless `active` says otherwise);
   * others the enabled users of their own unit (e.g. to pick an assignee).
   */
  async list(caller: AuthUser, query: ListUsersQuery): Promise<Page<UserDto>> {
    const { page = 1, pageSize = 20 } = query;
    const empty = { items: [], total: 0, page, pageSize };
    const base: FindOptionsWhere<UserEntity> = {};
    if (caller.role !== 'admin') {
      if (!caller.unitId || (query.unitId && query.unitId !== caller.unitId)) return empty;
      base.unitId = caller.unitId;
      base.active = true;
    } else {
      if (query.unitId) base.unitId = query.unitId;
      const active = query.active ?? 'true';
      if (active !== 'all') base.active = active === 'true';
    }
    if (query.role) base.role = query.role;
    const q = query.q?.trim();
    const where = q
      ? [
          { ...base, username: ILike(containsPattern(q)) },
          { ...base, displayName: ILike(containsPattern(q)) },
        ]
      : base;
    const [users, total] = await this.ds.getRepository(UserEntity).findAndCount({
      where,
      order: { displayName: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: users.map(toUserDto), total, page, pageSize };
  }

  async create(actor: AuthUser, dto: CreateUserDto): Promise<UserDto> {
    const username = dto.username.toLowerCase();
    const displayName = dto.displayName.trim();
    const verdict = checkPassword(dto.password, { username, displayName });
    if (!verdict.ok) throw fromRefusal(verdict);
    const passwordHash = await hashPassword(dto.password);
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(UserEntity);
      const unitId = await this.checkUnit(m, dto.role, dto.unitId ?? null);
      if (await repo.exists({ where: { username } }))
        throw new ApiError('REQUEST.CONFLICT', `The username ${username} is taken`);
      const saved = await repo.save(
        repo.create({
          username,
          displayName,
          role: dto.role,
          unitId,
          phone: dto.phone ?? null,
          email: dto.email?.trim().toLowerCase() || null,
          passwordHash,
        }),
      );
      const out = toUserDto(saved);
      await this.audit.record(m, actor, 'user', saved.id, 'create', null, out);
      return out;
    });
  }

  /**
   * Change a user; only the fields sent. Disabling him, or changing his role or unit, ends his sessions
   * (the session version moves on): he signs in again, and gets his new jurisdiction at once.
   */
  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const out = await this.ds.transaction(async (m) => {
      const repo = m.getRepository(UserEntity);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw ApiError.notFound('User');
      if (!(user.role in ROLE_UNIT_KINDS))
        throw new ApiError('AUTH.FORBIDDEN', 'The system user cannot be changed');
      if (user.id === actor.id && dto.active === false)
        throw ApiError.invalid('active', 'you cannot disable yourself');
      if (user.id === actor.id && dto.role !== undefined && dto.role !== 'admin') {
        throw ApiError.invalid('role', 'you cannot take away your own admin role');
      }
      const before = toUserDto(user);
      const role = dto.role ?? (user.role as Role);
      const unitId = dto.unitId === undefined ? user.unitId : dto.unitId;
      const moved = role !== user.role || unitId !== user.unitId;
      if (moved) await this.checkUnit(m, role, unitId);
      const disabled = dto.active === false && user.active;
      user.role = role;
      user.unitId = unitId;
      if (dto.displayName !== undefined) user.displayName = dto.displayName.trim();
      if (dto.phone !== undefined) user.phone = dto.phone?.trim() || null;
      if (dto.email !== undefined) user.email = dto.email?.trim().toLowerCase() || null;
      if (dto.active !== undefined) user.active = dto.active;
      if (moved || disabled) user.sessionVersion += 1;
      const saved = await repo.save(user);
      const after = toUserDto(saved);
      await this.audit.record(m, actor, 'user', id, 'update', before, after);
      return after;
    });
    this.sessions.forget(id);
    return out;
  }

  /** An admin sets a temporary password: the user's sessions end, and he must change it at next sign-in. */
  async resetPassword(actor: AuthUser, id: string, newPassword: string): Promise<UserDto> {
    const found = await this.ds.getRepository(UserEntity).findOne({ where: { id } });
    if (!found) throw ApiError.notFound('User');
    if (!(found.role in ROLE_UNIT_KINDS))
      throw new ApiError('AUTH.FORBIDDEN', 'The system user cannot be changed');
    const verdict = checkPassword(newPassword, found, 'newPassword');
    if (!verdict.ok) throw fromRefusal(verdict);
    const passwordHash = await hashPassword(newPassword);
    const out = await this.ds.transaction(async (m) => {
      const repo = m.getRepository(UserEntity);
      const user = await repo.findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      const before = toUserDto(user);
      user.passwordHash = passwordHash;
      user.mustChangePassword = true;
      user.sessionVersion += 1;
      const after = toUserDto(await repo.save(user));
      await this.audit.record(m, actor, 'user', id, 'reset_password', before, after);
      return after;
    });
    this.sessions.forget(id);
    return out;
  }

  /** The unit a user of this role may belong to: it exists, is enabled, and is of a kind the role fits. */
  private async checkUnit(m: EntityManager, role: Role, unitId: string | null): Promise<string | null> {
    if (!unitId) {
      if (role !== 'admin') throw ApiError.invalid('unitId', `a ${role} must belong to a unit`);
      return null;
    }
    const unit = await m.getRepository(UnitEntity).findOne({ where: { id: unitId } });
    if (!unit) throw ApiError.invalid('unitId', 'no unit has this id');
    if (!unit.active) throw ApiError.invalid('unitId', `${unit.name} is disabled: pick an enabled unit`);
    if (unit.kind === 'grid' && unit.parentId) {
      const town = await m.getRepository(UnitEntity).findOne({ where: { id: unit.parentId } });
      if (!town?.active)
        throw ApiError.invalid('unitId', `${unit.name} is in a disabled town: pick an enabled unit`);
    }
    const kinds = ROLE_UNIT_KINDS[role];
    if (!kinds.includes(unit.kind))
      throw ApiError.invalid('unitId', `a ${role} belongs to a ${kinds.join(' or ')}, not a ${unit.kind}`);
    return unit.id;
  }
}
