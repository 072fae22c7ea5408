import { Body, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Page } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles, SignedInController } from '../../core/auth';
import { uuidPipe } from '../../core/pipes';
import { ListFailedDeliveriesQuery } from './dto/deliveries.dto';
import { UpdateNotificationPreferencesDto } from './dto/preferences.dto';
import { UpdateUnitWebhookDto } from './dto/unit-webhook.dto';
import {
  DeliveryAttempt,
  DeliveryRetry,
  FailedDelivery,
  FailedDeliveryPage,
  NotificationPreferences,
  UnitWebhook,
} from './dto/notification-settings.responses';
import { NotificationSettingsService } from './notification-settings.service';

@SignedInController('notifications', 'notifications/preferences')
export class NotificationPreferencesController {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Get()
  @ApiOperation({
    operationId: 'getNotificationPreferences',
    summary: 'Your phone and e-mail, and which channels bring which kinds of notification (in-app: always)',
  })
  @ApiOkResponse({ type: NotificationPreferences })
  get(@CurrentUser() user: AuthUser): Promise<NotificationPreferences> {
    return this.settings.preferences(user);
  }

  @Put()
  @ApiOperation({
    operationId: 'updateNotificationPreferences',
    summary: 'Change your own phone, e-mail and channel choices (each part optional; choices not sent stay)',
  })
  @ApiOkResponse({ type: NotificationPreferences })
  update(
    @CurrentUser() user: AuthUser,
    @Body() dto: UpdateNotificationPreferencesDto,
  ): Promise<NotificationPreferences> {
    return this.settings.updatePreferences(user, dto);
  }
}

@SignedInController('administration', 'notification-deliveries')
export class NotificationDeliveriesController {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Get('failed')
  @Roles('admin')
  @ApiOperation({
    operationId: 'listFailedDeliveries',
    summary: 'Notifications that no retry got through to SMS, e-mail or a group robot, newest first (admin)',
  })
  @ApiOkResponse({ type: FailedDeliveryPage })
  failed(@Query() query: ListFailedDeliveriesQuery): Promise<Page<FailedDelivery>> {
    return this.settings.failed(query);
  }

  @Get(':id/attempts')
  @Roles('admin')
  @ApiOperation({
    operationId: 'listDeliveryAttempts',
    summary: 'Every attempt of one delivery, oldest first (admin)',
  })
  @ApiOkResponse({ type: DeliveryAttempt, isArray: true })
  @ApiNotFoundResponse({ description: 'no such delivery' })
  attempts(@Param('id', uuidPipe('id')) id: string): Promise<DeliveryAttempt[]> {
    return this.settings.attempts(id);
  }

  @Post(':id/retry')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ operationId: 'retryDelivery', summary: 'Queue a failed delivery again (admin)' })
  @ApiOkResponse({ type: DeliveryRetry })
  @ApiNotFoundResponse({ description: 'no such delivery' })
  @ApiConflictResponse({ description: 'the delivery is not failed (pending or sent)' })
  retry(
    @Param('id', uuidPipe('id')) id: string,
    @Headers('x-request-id') requestId: string | undefined,
  ): Promise<DeliveryRetry> {
    return this.settings.retry(id, requestId);
  }
}

@SignedInController('administration', 'units')
export class UnitWebhooksController {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Get(':id/webhook')
  @Roles('admin', 'coordinator', 'bureau_officer', 'manager')
  @ApiOperation({
    operationId: 'getUnitWebhook',
    summary:
      "A unit's group robot (企业微信 / 钉钉) for notifications: an admin any unit's, staff their own unit's",
  })
  @ApiOkResponse({ type: UnitWebhook })
  @ApiNotFoundResponse({ description: 'no such unit of yours' })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<UnitWebhook> {
    return this.settings.unitWebhook(user, id);
  }

  @Put(':id/webhook')
  @Roles('admin', 'coordinator', 'bureau_officer', 'manager')
  @ApiOperation({
    operationId: 'updateUnitWebhook',
    summary:
      "Set or remove a unit's group robot (kind null removes it): an admin any unit's, staff their own unit's",
  })
  @ApiOkResponse({ type: UnitWebhook })
  @ApiNotFoundResponse({ description: 'no such unit of yours' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: UpdateUnitWebhookDto,
  ): Promise<UnitWebhook> {
    return this.settings.updateUnitWebhook(user, id, dto);
  }
}
