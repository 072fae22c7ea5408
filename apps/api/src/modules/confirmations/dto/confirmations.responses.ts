import { ApiProperty } from '@nestjs/swagger';
import { CASE_EVENT_TYPES, CASE_STATUSES } from '@taizhang/domain';
import { NullableStringProp, NullableTimeProp, TimeProp } from '../../../core/api-props';

export class ConfirmationLink {
  @ApiProperty({
    example: 'http://127.0.0.1:4200/confirm/3q2-…',
    description: "the page the enterprise's contact opens (PUBLIC_URL/confirm/<token>)",
  })
  url!: string;
  @ApiProperty({
    description: 'the one-time token (at least 128 random bits, signed); only its hash is stored',
  })
  token!: string;
  @TimeProp({ description: 'the link stops working at this time' }) expiresAt!: string;
  @ApiProperty({ description: 'an SMS with the link was queued for the enterprise contact' })
  smsQueued!: boolean;
}

export class PublicCaseStep {
  @ApiProperty({ enum: CASE_EVENT_TYPES }) type!: (typeof CASE_EVENT_TYPES)[number];
  @TimeProp() at!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: (typeof CASE_STATUSES)[number];
  @ApiProperty({ description: 'the unit that held the case after this step' }) unitName!: string;
}

/** What the enterprise's contact sees through the link: the problem, the resolution, the steps. Nothing else. */
export class PublicConfirmation {
  @ApiProperty({ example: '410184101-2026-0001' }) ledgerNo!: string;
  @ApiProperty() enterpriseName!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @NullableStringProp() resolution!: string | null;
  @ApiProperty({ enum: CASE_STATUSES }) status!: (typeof CASE_STATUSES)[number];
  @TimeProp() openedAt!: string;
  @NullableTimeProp() resolvedAt!: string | null;
  @TimeProp({ description: 'the link stops working at this time' }) expiresAt!: string;
  @ApiProperty({ type: PublicCaseStep, isArray: true }) steps!: PublicCaseStep[];
}

export class ConfirmationAnswer {
  @ApiProperty() accepted!: boolean;
  @ApiProperty({ enum: CASE_STATUSES, description: 'closed (accepted) or in_progress (refused, reopened)' })
  status!: (typeof CASE_STATUSES)[number];
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) rating!: number;
}
