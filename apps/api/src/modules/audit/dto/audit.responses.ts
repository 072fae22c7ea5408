import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { AUDIT_ENTITIES, AuditEntity, AuditLogEntryDto } from '@taizhang/contracts';
import { NullableUuidProp, TimeProp, UuidProp } from '../../../core/api-props';
import { PageOf } from '../../../core/page';

const ANY_JSON = {
  // any JSON object or list, or null (OpenAPI 3.0: null rides on the object alternative)
  oneOf: [
    { type: 'object', additionalProperties: true, nullable: true },
    { type: 'array', items: {} },
  ],
} as ApiPropertyOptions;

export class AuditLogEntry implements AuditLogEntryDto {
  @UuidProp() id!: string;
  @TimeProp() at!: string;
  @NullableUuidProp() actorId!: string | null;
  @ApiProperty() actorUsername!: string;
  @ApiProperty({ enum: AUDIT_ENTITIES }) entity!: AuditEntity;
  @ApiProperty({ type: String, nullable: true, description: 'the id (or code) of the changed object' })
  entityId!: string | null;
  @ApiProperty({
    example: 'update',
    description: 'create | update | reset_password | change_password | replace',
  })
  action!: string;
  @ApiProperty({
    ...ANY_JSON,
    description: 'the values before (null for a creation); secrets never appear',
  })
  before!: Record<string, unknown> | unknown[] | null;
  @ApiProperty({ ...ANY_JSON, description: 'the values after' }) after!:
    Record<string, unknown> | unknown[] | null;
}

export const AuditLogPage = PageOf(AuditLogEntry, 'AuditLogPage');
