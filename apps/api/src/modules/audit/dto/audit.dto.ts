import { ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_ENTITIES, AuditEntity, AuditLogQuery } from '@taizhang/contracts';

import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../../../core/page';

export class AuditLogQueryDto
  extends PageQuery({ pageSize: 20, max: 100, maxPage: 10_000 })
  implements AuditLogQuery
{
  @ApiPropertyOptional({ enum: AUDIT_ENTITIES })
  @IsOptional()
  @IsIn(AUDIT_ENTITIES, { message: `entity must be one of ${AUDIT_ENTITIES.join(', ')}` })
  entity?: AuditEntity;

  @ApiPropertyOptional({ description: 'the id (or code) of the changed object' })
  @IsOptional()
  @IsString()
  @Length(1, 64, { message: 'entityId must have 1–64 characters' })
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'who made the change' })
  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'ISO 8601 time (or date), inclusive',
    example: '2026-11-01T00:00:00+08:00',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'from must be an ISO 8601 time, e.g. 2026-11-01 or 2026-11-01T00:00:00+08:00' },
  )
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'ISO 8601 time (or date), exclusive',
    example: '2026-12-01T00:00:00+08:00',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'to must be an ISO 8601 time, e.g. 2026-12-01 or 2026-12-01T00:00:00+08:00' },
  )
  to?: string;
}
