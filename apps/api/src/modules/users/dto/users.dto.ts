import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CreateUserRequest,
  ROLES,
  ResetPasswordRequest,
  Role,
  UpdateUserRequest,
  UserListQuery,
} from '@taizhang/contracts';

import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { ClearableEmail, ClearablePhone, PhoneRule } from '../../../core/contact-props';
import { PageQuery } from '../../../core/page';
import { OptionalNotNull } from '../../../core/validation';

const PASSWORD_DOC = "at least 10 characters; not a common password, not the user's name";

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'zhang.wei' })
  @IsString()
  @Matches(/^[a-zA-Z0-9_.-]{3,32}$/, { message: 'username must be 3–32 letters, digits, _ . or -' })
  username!: string;

  @ApiProperty({ minLength: 10, maxLength: 128, description: PASSWORD_DOC })
  @IsString()
  @Length(1, 200, { message: 'password: send a password of at least 10 characters' })
  password!: string;

  @ApiProperty({ example: '张伟' })
  @IsString()
  @Length(1, 64)
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '13800138000' })
  @IsOptional()
  @PhoneRule()
  phone?: string | null;

  @ClearableEmail()
  email?: string | null;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ example: '张伟' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 64, { message: 'displayName must have 1–64 characters' })
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, description: "a change ends the user's sessions" })
  @OptionalNotNull()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "a change ends the user's sessions",
  })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string | null;

  @ClearablePhone({ description: 'null or empty: none' })
  phone?: string | null;

  @ClearableEmail({ description: 'null or empty: none' })
  email?: string | null;

  @ApiPropertyOptional({
    description: 'false disables the user: he cannot sign in, and his sessions end within seconds',
  })
  @OptionalNotNull()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class ResetPasswordDto implements ResetPasswordRequest {
  @ApiProperty({
    minLength: 10,
    maxLength: 128,
    description: `${PASSWORD_DOC}; the user must change it at next sign-in`,
  })
  @IsString()
  @Length(1, 200, { message: 'newPassword: send a password of at least 10 characters' })
  newPassword!: string;
}

export class ListUsersQuery
  extends PageQuery({ pageSize: 20, max: 100, maxPage: 10_000 })
  implements UserListQuery
{
  @ApiPropertyOptional({ description: 'part of the username or display name' })
  @IsOptional()
  @IsString()
  @Length(0, 64, { message: 'q must have at most 64 characters' })
  q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({
    enum: ['true', 'false', 'all'],
    default: 'true',
    description: 'admins only; others always see enabled users',
  })
  @IsOptional()
  @IsIn(['true', 'false', 'all'], { message: 'active must be true, false or all' })
  active?: 'true' | 'false' | 'all';
}
