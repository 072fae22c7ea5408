import { Controller, Get, HttpCode, Injectable, Module, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Notification, NotificationPage, ReadAllNotifications } from './notifications.responses';
import type {
  NotificationDto,
  NotificationListQuery,
  Page,
  ReadAllNotificationsResponse,
} from '@taizhang/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { listUserNotifications, markAllNotificationsRead, markNotificationRead } from '@taizhang/db';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { uuidPipe } from '../../core/pipes';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListNotificationsQuery implements NotificationListQuery {
  @ApiPropertyOptional({ description: 'only the unread ones' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100_000, default: 1 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1, { message: 'page must be at least 1' })
  @Max(100_000, { message: 'page must be at most 100000' })
  page?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1, { message: 'pageSize must be at least 1' })
  @Max(100, { message: 'pageSize must be at most 100' })
  pageSize?: number;
}

/** The caller's own notifications: nobody reads or marks anyone else's (another's id is a 404). */
@Injectable()
export class NotificationsService {
  constructor(private readonly ds: DataSource) {}

  async list(user: AuthUser, q: ListNotificationsQuery): Promise<Page<NotificationDto>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await listUserNotifications(this.ds, user.id, {
      unread: q.unread,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items, total, page, pageSize };
  }

  async read(user: AuthUser, id: string): Promise<NotificationDto> {
    const n = await markNotificationRead(this.ds, user.id, id);
    if (!n) throw ApiError.notFound('Notification');
    return n;
  }

  async readAll(user: AuthUser): Promise<ReadAllNotificationsResponse> {
    return { updated: await markAllNotificationsRead(this.ds, user.id) };
  }
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationPage })
  @ApiOperation({
    operationId: 'listNotifications',
    summary: 'Your notifications, newest first, paged (unread=true: only the unread ones)',
  })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListNotificationsQuery,
  ): Promise<Page<NotificationDto>> {
    return this.notifications.list(user, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ operationId: 'readAllNotifications', summary: 'Mark all your notifications read' })
  @ApiOkResponse({ type: ReadAllNotifications })
  readAll(@CurrentUser() user: AuthUser): Promise<ReadAllNotificationsResponse> {
    return this.notifications.readAll(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: Notification })
  @ApiOperation({
    operationId: 'readNotification',
    summary: 'Mark one of your notifications read (marking it again changes nothing)',
  })
  @ApiNotFoundResponse({ description: 'no such notification of yours' })
  read(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<NotificationDto> {
    return this.notifications.read(user, id);
  }
}

@Module({ controllers: [NotificationsController], providers: [NotificationsService] })
export class NotificationsModule {}
