import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS, NotificationDto, ReadAllNotificationsResponse } from '@taizhang/contracts';
import { CountProp, NullableTimeProp, TimeProp, UuidProp } from '../../../core/api-props';
import { PageOf } from '../../../core/page';

export class Notification implements NotificationDto {
  @UuidProp() id!: string;
  @UuidProp() caseId!: string;
  @ApiProperty() ledgerNo!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationDto['kind'];
  @ApiProperty({ description: 'one line in Chinese' }) title!: string;
  @TimeProp() createdAt!: string;
  @NullableTimeProp() readAt!: string | null;
}

export const NotificationPage = PageOf(Notification, 'NotificationPage');

export class ReadAllNotifications implements ReadAllNotificationsResponse {
  @CountProp({ description: 'how many were marked read' }) updated!: number;
}
