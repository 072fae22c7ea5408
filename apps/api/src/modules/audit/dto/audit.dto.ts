import { ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_ENTITIES, AuditEntity, AuditLogQuery } from '@taizhang/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

export class AuditLogQueryDto implements AuditLogQuery {
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

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10000, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1, { message: 'page must be at least 1' })
  @Max(10000, { message: 'page must be at most 10000' })
  page = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1, { message: 'pageSize must be at least 1' })
  @Max(100, { message: 'pageSize must be at most 100' })
  pageSize = 20;
}
