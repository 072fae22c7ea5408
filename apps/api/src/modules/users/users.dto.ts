import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreateUserRequest, ROLES, Role } from '@taizhang/contracts';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'zhang.wei' })
  @IsString()
  @Matches(/^[a-zA-Z0-9_.-]{3,32}$/, { message: 'username must be 3–32 letters, digits, _ . or -' })
  username!: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @Length(8, 200, { message: 'password must have at least 8 characters' })
  password!: string;

  @ApiProperty({ example: '张伟' })
  @IsString()
  @Length(1, 64)
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '13800138000' })
  @IsOptional()
  @Matches(/^\+?[0-9 -]{5,20}$/, { message: 'phone must be a phone number (digits, spaces, -)' })
  phone?: string | null;
}

export class ListUsersQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;
}
