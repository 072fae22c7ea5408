import { Injectable } from '@nestjs/common';
import type { NotificationDto, Page, ReadAllNotificationsResponse } from '@taizhang/contracts';
import { listUserNotifications, markAllNotificationsRead, markNotificationRead } from '@taizhang/db';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import type { ListNotificationsQuery } from './dto/list-notifications.query';

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
