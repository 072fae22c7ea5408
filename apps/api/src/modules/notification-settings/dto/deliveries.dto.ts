import { ApiPropertyOptional } from '@nestjs/swagger';
import { OUTBOUND_CHANNELS } from '@taizhang/domain';
import type { OutboundChannelName } from '@taizhang/domain';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../../core/page';

export class ListFailedDeliveriesQuery extends PageQuery({ pageSize: 20, max: 100 }) {
  @ApiPropertyOptional({ enum: OUTBOUND_CHANNELS })
  @IsOptional()
  @IsIn(OUTBOUND_CHANNELS, { message: `channel must be one of ${OUTBOUND_CHANNELS.join(', ')}` })
  channel?: OutboundChannelName;
}
