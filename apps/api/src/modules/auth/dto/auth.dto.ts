import { ApiProperty } from '@nestjs/swagger';
import type { ChangePasswordRequest, LoginRequest } from '@taizhang/contracts';
import { IsString, Length } from 'class-validator';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ example: 'taizhang-admin' })
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 200, { message: 'currentPassword: send your current password' })
  currentPassword!: string;

  @ApiProperty({
    minLength: 10,
    maxLength: 128,
    description: 'at least 10 characters; not a common password, not your name',
  })
  @IsString()
  @Length(1, 200, { message: 'newPassword: send the new password' })
  newPassword!: string;
}
