import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { LoginResponse, MeResponse } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Public } from '../../core/auth';
import { AuthService } from './auth.service';
import { LoginDto } from './dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; answers a Bearer token' })
  @ApiOkResponse({ description: '{ accessToken, tokenType, expiresIn, user }' })
  @ApiUnauthorizedResponse({ description: 'wrong username or password' })
  @ApiTooManyRequestsResponse({ description: 'too many failed attempts for this user from this address' })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<LoginResponse> {
    return this.auth.login(dto.username, dto.password, ip);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who am I: user, role and unit' })
  me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    return this.auth.me(user);
  }
}
