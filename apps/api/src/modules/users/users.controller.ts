import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { UserDto } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles } from '../../core/auth';
import { CreateUserDto, ListUsersQuery } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('administration')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users (admin: all; others: their own unit, e.g. to pick an assignee)' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListUsersQuery): Promise<UserDto[]> {
    return this.users.list(user, query);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Add a user (admin); the password is stored as an argon2id hash' })
  create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(dto);
  }
}
