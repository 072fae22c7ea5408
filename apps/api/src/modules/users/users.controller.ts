import { Body, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Page, UserDto } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles, SignedInController } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { CreateUserDto, ListUsersQuery, ResetPasswordDto, UpdateUserDto } from './dto/users.dto';
import { UsersService } from './users.service';
import { User, UserPage } from './dto/users.responses';

const uuid = uuidPipe('id');

@SignedInController('administration', 'users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserPage })
  @ApiOperation({
    operationId: 'listUsers',
    summary:
      'Users, paged and searchable (admin: all; others: the enabled users of their own unit, e.g. to pick an assignee)',
  })
  list(@CurrentUser() user: AuthUser, @Query() query: ListUsersQuery): Promise<Page<UserDto>> {
    return this.users.list(user, query);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: User })
  @ApiConflictResponse({ description: 'the username is taken' })
  @ApiOperation({
    operationId: 'createUser',
    summary: 'Add a user (admin); the password is stored as an argon2id hash',
  })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: User })
  @ApiOperation({
    operationId: 'updateUser',
    summary: 'Change a user (admin): name, phone, role, unit, enabled; a disable or a move ends his sessions',
  })
  update(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(actor, id, dto);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: User })
  @ApiOperation({
    operationId: 'resetUserPassword',
    summary:
      "Set a temporary password (admin): the user's sessions end and he must change it at next sign-in",
  })
  resetPassword(
    @CurrentUser() actor: AuthUser,
    @Param('id', uuid) id: string,
    @Body() dto: ResetPasswordDto,
  ): Promise<UserDto> {
    return this.users.resetPassword(actor, id, dto.newPassword);
  }
}
