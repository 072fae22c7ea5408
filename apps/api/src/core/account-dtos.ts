import type { UnitDto, UnitKind, UserDto } from '@taizhang/contracts';
import { UnitEntity, UserEntity } from '@taizhang/db';
import type { Role } from '@taizhang/domain';

/** A user as the API answers it: never the password hash or the session version. */
export function toUserDto(u: UserEntity): UserDto {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    unitId: u.unitId,
    phone: u.phone,
    email: u.email ?? null,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
  };
}

export function toUnitDto(u: UnitEntity): UnitDto {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    kind: u.kind as UnitKind,
    parentId: u.parentId,
    ...(u.kind === 'bureau' ? { categoryCodes: u.categoryCodes } : {}),
    active: u.active,
  };
}
