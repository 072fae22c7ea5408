import { ApiPropertyOptional } from '@nestjs/swagger';
import type { NotificationListQuery } from '@taizhang/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '../../../core/page';
import { toBool } from '../../../core/validation';

export class ListNotificationsQuery
  extends PageQuery({ pageSize: 20, max: 100 })
  implements NotificationListQuery
{
  @ApiPropertyOptional({ description: 'only the unread ones' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}
