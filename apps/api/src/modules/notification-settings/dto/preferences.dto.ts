import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from '@taizhang/domain';
import type { NotificationChannelName, NotificationKind } from '@taizhang/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  ValidateNested,
} from 'class-validator';
import { ClearableEmail, ClearablePhone } from '../../../core/contact-props';

export class ChannelChoiceDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  @IsIn(NOTIFICATION_KINDS, { message: `kind must be one of ${NOTIFICATION_KINDS.join(', ')}` })
  kind!: NotificationKind;

  @ApiProperty({
    enum: NOTIFICATION_CHANNELS,
    description: 'in_app cannot be switched off (sending it changes nothing)',
  })
  @IsIn(NOTIFICATION_CHANNELS, { message: `channel must be one of ${NOTIFICATION_CHANNELS.join(', ')}` })
  channel!: NotificationChannelName;

  @ApiProperty()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled!: boolean;
}

/** PUT /api/notifications/preferences: one's own contact and channel choices (each part optional). */
export class UpdateNotificationPreferencesDto {
  @ClearablePhone({ description: 'your mobile for text messages; null or empty: none' })
  phone?: string | null;

  @ClearableEmail({ description: 'your e-mail address; null or empty: none' })
  email?: string | null;

  @ApiPropertyOptional({
    type: [ChannelChoiceDto],
    description: 'choices to change; the others stay as they are',
  })
  @IsOptional()
  @IsArray({ message: 'items must be a list' })
  @ArrayMaxSize(100, { message: 'items must have at most 100 entries' })
  @ArrayUnique((c: Partial<ChannelChoiceDto> | null) => `${c?.kind}|${c?.channel}`, {
    message: 'items must name each kind and channel once',
  })
  @ValidateNested({ each: true })
  @Type(() => ChannelChoiceDto)
  items?: ChannelChoiceDto[];
}
