import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { NotificationDto, Page, ReadAllNotificationsResponse } from '@taizhang/contracts';
import { AuthUser, CurrentUser, SignedInController } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { ListNotificationsQuery } from './dto/list-notifications.query';
import { NotificationsService } from './notifications.service';
import { Notification, NotificationPage, ReadAllNotifications } from './dto/notifications.responses';

@SignedInController('notifications', 'notifications')
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
