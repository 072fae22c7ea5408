import { Body, Controller, Get, HttpCode, Ip, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { LoginResponse, MeResponse } from '@taizhang/contracts';
import type { Response } from 'express';
import { AllowPendingPasswordChange, AuthUser, CurrentUser, Public } from '../../core/auth';
import { AuthService, ThrottledError } from './auth.service';
import { ChangePasswordDto, LoginDto } from './dto/auth.dto';
import { Login, Me } from '../users/dto/users.responses';

/** A throttled answer carries Retry-After (seconds), set before the error reaches the problem-details filter. */
async function withRetryAfter<T>(res: Response, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ThrottledError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    throw err;
  }
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'login',
    summary: 'Sign in; answers a Bearer token',
    description:
      'Attempts are counted per user name and per client address; past a few failures each attempt must wait a growing delay (429 with Retry-After), a right password too.',
  })
  @ApiOkResponse({
    type: Login,
    description: '{ accessToken, tokenType, expiresIn, user }; user.mustChangePassword: change it first',
  })
  @ApiUnauthorizedResponse({ description: 'wrong username or password, or a disabled user' })
  @ApiTooManyRequestsResponse({
    description: 'too many attempts for this user name or from this address: wait Retry-After seconds',
  })
  login(
    @Body() dto: LoginDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse> {
    return withRetryAfter(res, () => this.auth.login(dto.username, dto.password, ip));
  }

  @Get('me')
  @ApiBearerAuth()
  @AllowPendingPasswordChange()
  @ApiOperation({ operationId: 'getMe', summary: 'Who am I: user, role and unit' })
  @ApiOkResponse({ type: Me })
  me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    return this.auth.me(user);
  }

  @Post('password')
  @HttpCode(200)
  @ApiBearerAuth()
  @AllowPendingPasswordChange()
  @ApiOperation({
    operationId: 'changePassword',
    summary: 'Change your own password (the current one is needed)',
    description:
      'Ends every session of the user and answers a fresh token. The new password: at least 10 characters, not a common one, not your name.',
  })
  @ApiOkResponse({ type: Login, description: 'a fresh { accessToken, tokenType, expiresIn, user }' })
  @ApiBadRequestResponse({
    description: 'wrong current password (AUTH.WRONG_PASSWORD) or a weak new one (PASSWORD.*)',
  })
  @ApiTooManyRequestsResponse({ description: 'too many wrong current passwords: wait Retry-After seconds' })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse> {
    return withRetryAfter(res, () => this.auth.changePassword(user, dto.currentPassword, dto.newPassword));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @AllowPendingPasswordChange()
  @ApiOperation({
    operationId: 'logout',
    summary: 'Sign out: every token of this user stops working within seconds',
  })
  @ApiNoContentResponse({ description: 'signed out' })
  async logout(@CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.logout(user);
  }
}
