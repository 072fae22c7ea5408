import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, OUTBOUND_CHANNELS } from '@taizhang/domain';
import type { NotificationChannelName, NotificationKind, OutboundChannelName } from '@taizhang/domain';
import { CountProp, NullableStringProp, TimeProp, UuidProp } from '../../../core/api-props';
import { PageOf } from '../../../core/page';

export class ChannelChoice {
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel!: NotificationChannelName;
  @ApiProperty({ description: 'whether this channel brings this kind to you' }) enabled!: boolean;
  @ApiProperty({ description: 'false for in_app, which is always on' }) choosable!: boolean;
}

export class NotificationPreferences {
  @NullableStringProp({ example: '13800138000', description: "your mobile (text messages, group robots' @)" })
  phone!: string | null;
  @NullableStringProp({ example: 'zhang.wei@example.gov.cn' }) email!: string | null;
  @ApiProperty({ type: [ChannelChoice], description: 'every kind × channel, your choice or the default' })
  items!: ChannelChoice[];
}

export class DeliveryAttempt {
  @ApiProperty({ type: 'integer', minimum: 1 }) attempt!: number;
  @ApiProperty() ok!: boolean;
  @NullableStringProp() error!: string | null;
  @CountProp({ description: 'how long the channel took, ms' }) durationMs!: number;
  @TimeProp() at!: string;
}

export class FailedDelivery {
  @UuidProp() id!: string;
  @ApiProperty({ enum: OUTBOUND_CHANNELS }) channel!: OutboundChannelName;
  @CountProp({ description: 'attempts made' }) attempts!: number;
  @NullableStringProp({ description: "the last attempt's error" }) lastError!: string | null;
  @TimeProp({ description: 'when it failed for good' }) updatedAt!: string;
  @UuidProp() notificationId!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty() title!: string;
  @UuidProp() caseId!: string;
  @ApiProperty() ledgerNo!: string;
  @UuidProp() userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
}

export const FailedDeliveryPage = PageOf(FailedDelivery, 'FailedDeliveryPage');

export class DeliveryRetry {
  @UuidProp() id!: string;
  @ApiProperty({ enum: ['pending'], description: 'queued again' }) status!: 'pending';
}

export class UnitWebhook {
  @UuidProp() unitId!: string;
  @ApiProperty({ enum: ['wecom', 'dingtalk'], nullable: true, type: String }) kind!:
    'wecom' | 'dingtalk' | null;
  @NullableStringProp({
    description:
      "the webhook address with its query values masked (key=****1a2b): the key / access_token is the robot's credential and is never shown",
  })
  url!: string | null;
  @ApiProperty({ description: 'a DingTalk signing secret is stored (never shown)' }) hasSecret!: boolean;
}
