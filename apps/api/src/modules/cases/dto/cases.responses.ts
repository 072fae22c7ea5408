import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CASE_ACTIONS,
  CASE_PRIORITIES,
  CASE_STATUSES,
  CaseAction,
  CaseDto,
  CaseEventDto,
  CaseEventType,
  CaseHopDto,
  CaseLevel,
  CasePriority,
  CaseStatus,
} from '@taizhang/contracts';
import { CASE_EVENT_TYPES } from '@taizhang/domain';
import {
  CountProp,
  LevelProp,
  NullableStringProp,
  NullableTimeProp,
  NullableUuidProp,
  TimeProp,
  UuidProp,
} from '../../../core/api-props';
import { PageOf } from '../../../core/page';

export class EnterpriseRef {
  @UuidProp() id!: string;
  @ApiProperty() name!: string;
}

export class CaseEvent implements CaseEventDto {
  @UuidProp() id!: string;
  @ApiProperty({ enum: CASE_EVENT_TYPES }) type!: CaseEventType;
  @NullableUuidProp({ description: 'null: the system (a missed deadline)' }) actorId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) actorName?: string | null;
  @TimeProp() at!: string;
  @ApiProperty({ enum: CASE_STATUSES, nullable: true }) fromStatus!: CaseStatus | null;
  @ApiProperty({ enum: CASE_STATUSES }) toStatus!: CaseStatus;
  @NullableUuidProp() fromUnitId!: string | null;
  @UuidProp() toUnitId!: string;
  @NullableStringProp() reason!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'what the action carried (assignee, resolution …)',
  })
  payload!: Record<string, unknown>;
}

export class CaseHop implements CaseHopDto {
  @UuidProp() unitId!: string;
  @ApiProperty() unitName!: string;
  @LevelProp() level!: CaseLevel;
  @TimeProp() arrivedAt!: string;
  @NullableTimeProp({ description: 'null while the unit holds the case' }) leftAt!: string | null;
  @ApiProperty({ type: Number, minimum: 0, description: 'hours held, up to now for the current holder' })
  hoursHeld!: number;
}

export class Case implements CaseDto {
  @UuidProp() id!: string;
  @ApiProperty({ example: '410184101-20261102-0001' }) ledgerNo!: string;
  @UuidProp() enterpriseId!: string;
  @ApiProperty({ type: EnterpriseRef }) enterprise!: EnterpriseRef;
  @ApiProperty({ example: 'labor' }) categoryCode!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: CASE_PRIORITIES }) priority!: CasePriority;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @LevelProp() level!: CaseLevel;
  @UuidProp({ description: 'the unit holding the case' }) unitId!: string;
  @ApiPropertyOptional() unitName?: string;
  @NullableUuidProp() assigneeId!: string | null;
  @NullableTimeProp() respondBy!: string | null;
  @NullableTimeProp() resolveBy!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({
    enum: ['respond', 'resolve'],
    nullable: true,
    type: String,
    description:
      'which deadline the overdue mark is for: respond (响应超期) or resolve (办结超期); null while not overdue',
  })
  missedDeadline!: 'respond' | 'resolve' | null;
  @NullableTimeProp({
    description: 'the resolve-by a pending extension request (延期申请) asks for; null: none pending',
  })
  extensionUntil!: string | null;
  @ApiProperty({
    type: 'integer',
    isArray: true,
    description: 'the levels at which an extension was approved (at most one per level)',
  })
  extendedLevels!: number[];
  @NullableUuidProp({
    description:
      'the bureau that last returned the case to this unit (the system does not escalate it back on its own)',
  })
  returnedFromUnitId!: string | null;
  @NullableStringProp() resolution!: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'derived: rating ≥ 4 (kept for readers of the old yes/no figure)',
  })
  satisfied!: boolean | null;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 5,
    nullable: true,
    description:
      "the enterprise's latest verdict: its 1–5 rating on confirming (or on refusing, if it gave one)",
  })
  rating!: number | null;
  @NullableStringProp({ description: "the enterprise's comment with that rating (a refusal's reason)" })
  ratingComment!: string | null;
  @ApiProperty({
    enum: ['enterprise', 'staff'],
    nullable: true,
    description:
      'who gave the verdict: enterprise = its contact through the one-time link; staff = an instructor, coordinator or admin on its behalf',
  })
  confirmedBy!: 'enterprise' | 'staff' | null;
  @UuidProp() openedById!: string;
  @TimeProp() openedAt!: string;
  @NullableTimeProp() resolvedAt!: string | null;
  @NullableTimeProp() closedAt!: string | null;
  @CountProp({ description: 'send it with the next action; a stale one is a 409' }) version!: number;
  @ApiPropertyOptional({
    enum: CASE_ACTIONS,
    isArray: true,
    description: 'what you may do with the case now',
  })
  allowedActions?: CaseAction[];
  @ApiPropertyOptional({ type: CaseEvent, isArray: true }) events?: CaseEvent[];
  @ApiPropertyOptional({ type: CaseHop, isArray: true }) hops?: CaseHop[];
}

export const CasePage = PageOf(Case, 'CasePage', { cursor: true });

/** GET /api/cases/{id}/escalation-target: the unit an escalation would send the case to, from the routing rules. */
export class EscalationTarget {
  @UuidProp() unitId!: string;
  @ApiProperty({ example: '县人社局' }) unitName!: string;
  @LevelProp() level!: CaseLevel;
}

export class BulkActionResult {
  @UuidProp() caseId!: string;
  @ApiProperty({ description: 'true: the action was applied to this case' }) ok!: boolean;
  @ApiPropertyOptional({ enum: CASE_STATUSES, description: 'the case status after the action (when ok)' })
  status?: CaseStatus;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'the case version after the action (when ok)',
  })
  version?: number;
  @ApiPropertyOptional({ description: 'the error code when not ok, e.g. CASE.NOT_IN_JURISDICTION' })
  code?: string;
  @ApiPropertyOptional({ description: 'why the action was refused for this case' }) error?: string;
}

export class BulkActionResults {
  @ApiProperty({
    type: BulkActionResult,
    isArray: true,
    description: 'one result per case id, in the order sent',
  })
  results!: BulkActionResult[];
}
