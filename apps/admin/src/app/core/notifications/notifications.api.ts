import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { NotificationDto, NotificationListQuery, Page, ReadAllNotificationsResponse } from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { API_BASE } from '../api/api-error';
import { toParams } from '../api/http-params';

/** The caller's own notifications (`/api/notifications`). */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  list(query: NotificationListQuery): Observable<Page<NotificationDto>> {
    return this.http.get<Page<NotificationDto>>(`${API_BASE}/notifications`, { params: toParams(query) });
  }

  markRead(id: string): Observable<NotificationDto> {
    return this.http.post<NotificationDto>(`${API_BASE}/notifications/${encodeURIComponent(id)}/read`, {});
  }

  markAllRead(): Observable<ReadAllNotificationsResponse> {
    return this.http.post<ReadAllNotificationsResponse>(`${API_BASE}/notifications/read-all`, {});
  }
}
