import { ApiProperty } from '@nestjs/swagger';
import type { LoginRequest } from '@taizhang/contracts';
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
