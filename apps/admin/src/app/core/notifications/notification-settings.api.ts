import { Injectable, inject } from '@angular/core';
import type {
  DeliveryAttemptDto,
  DeliveryRetryResponse,
  FailedDeliveryDto,
  FailedDeliveryQuery,
  NotificationPreferencesDto,
  Page,
  UnitDto,
  UnitWebhookDto,
  UpdateNotificationPreferencesRequest,
  UpdateUnitWebhookRequest,
} from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from '../api/api-client';
import { allPages } from '../api/all-pages';

/** Notification channels: one's own preferences, units' group robots, and (admins) failed deliveries. */
@Injectable({ providedIn: 'root' })
export class NotificationSettingsApi {
  private readonly api = inject(ApiClient);

  preferences(): Observable<NotificationPreferencesDto> {
    return this.api.call('get', '/api/notifications/preferences', {});
  }

  savePreferences(body: UpdateNotificationPreferencesRequest): Observable<NotificationPreferencesDto> {
    return this.api.call('put', '/api/notifications/preferences', { body });
  }

  unitWebhook(id: string): Observable<UnitWebhookDto> {
    return this.api.call('get', '/api/units/{id}/webhook', { path: { id } });
  }

  saveUnitWebhook(id: string, body: UpdateUnitWebhookRequest): Observable<UnitWebhookDto> {
    return this.api.call('put', '/api/units/{id}/webhook', { path: { id }, body });
  }

  /** Every unit (for an admin choosing whose robot to set). */
  units(): Observable<UnitDto[]> {
    return allPages((page) => this.api.call('get', '/api/units', { query: { page, pageSize: 1000 } }));
  }

  failedDeliveries(query: FailedDeliveryQuery): Observable<Page<FailedDeliveryDto>> {
    return this.api.call('get', '/api/notification-deliveries/failed', { query });
  }

  attempts(id: string): Observable<DeliveryAttemptDto[]> {
    return this.api.call('get', '/api/notification-deliveries/{id}/attempts', { path: { id } });
  }

  retry(id: string): Observable<DeliveryRetryResponse> {
    return this.api.call('post', '/api/notification-deliveries/{id}/retry', { path: { id } });
  }
}
