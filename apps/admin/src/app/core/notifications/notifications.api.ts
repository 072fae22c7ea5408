import { Injectable, inject } from '@angular/core';
import type {
  NotificationDto,
  NotificationListQuery,
  Page,
  ReadAllNotificationsResponse,
} from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from '../api/api-client';

/** The caller's own notifications (`/api/notifications`). */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly api = inject(ApiClient);

  list(query: NotificationListQuery): Observable<Page<NotificationDto>> {
    return this.api.call('get', '/api/notifications', { query });
  }

  markRead(id: string): Observable<NotificationDto> {
    return this.api.call('post', '/api/notifications/{id}/read', { path: { id } });
  }

  markAllRead(): Observable<ReadAllNotificationsResponse> {
    return this.api.call('post', '/api/notifications/read-all', {});
  }
}
