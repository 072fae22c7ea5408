import { Module } from '@nestjs/common';
import {
  NotificationDeliveriesController,
  NotificationPreferencesController,
  UnitWebhooksController,
} from './notification-settings.controller';
import { NotificationSettingsService } from './notification-settings.service';

/** Notification channels (issue 13): one's own preferences, the admins' failed deliveries, units' group robots. */
@Module({
  controllers: [NotificationPreferencesController, NotificationDeliveriesController, UnitWebhooksController],
  providers: [NotificationSettingsService],
})
export class NotificationSettingsModule {}
