import type {
  CommonProblemDetailDto,
  CommonProblemDto,
  CommonProblemMemberDto,
  SimilarCaseDto,
} from '@taizhang/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { CASE_STATUSES, CaseLevel, CaseStatus } from '@taizhang/domain';
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

export class CommonProblem implements CommonProblemDto {
  @UuidProp() id!: string;
  @ApiProperty() title!: string;
  @NullableUuidProp({ description: 'the unit it belongs to (its maker’s); null: made by an admin' }) unitId!:
    string | null;
  @NullableStringProp() unitName!: string | null;
  @UuidProp() createdById!: string;
  @NullableStringProp() createdByName!: string | null;
  @TimeProp() createdAt!: string;
  @TimeProp() updatedAt!: string;
  @CountProp({ description: 'member cases' }) memberCount!: number;
  @CountProp({ description: 'member cases still pending (open, in progress, escalated)' })
  pendingCount!: number;
  @CountProp({ description: 'how many enterprises the members belong to' }) enterpriseCount!: number;
}

export class CommonProblemMember implements CommonProblemMemberDto {
  @UuidProp() caseId!: string;
  @ApiProperty() ledgerNo!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @LevelProp() level!: CaseLevel;
  @UuidProp() unitId!: string;
  @ApiProperty() unitName!: string;
  @UuidProp() enterpriseId!: string;
  @ApiProperty() enterpriseName!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @NullableTimeProp() resolveBy!: string | null;
  @ApiProperty() overdue!: boolean;
  @TimeProp() addedAt!: string;
}

export class CommonProblemDetail extends CommonProblem implements CommonProblemDetailDto {
  @ApiProperty({
    type: CommonProblemMember,
    isArray: true,
    description: 'the member cases in your jurisdiction (the counts are over all members)',
  })
  members!: CommonProblemMember[];
}

export const CommonProblemPage = PageOf(CommonProblem, 'CommonProblemPage');

export class SimilarCase implements SimilarCaseDto {
  @UuidProp() id!: string;
  @ApiProperty() ledgerNo!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @UuidProp() enterpriseId!: string;
  @ApiProperty() enterpriseName!: string;
  @ApiProperty() categoryCode!: string;
  @TimeProp() openedAt!: string;
  @ApiProperty({
    type: Number,
    minimum: 0,
    maximum: 1,
    description: 'bigram similarity of title and description',
  })
  score!: number;
  @NullableUuidProp({ description: 'the common problem it is in already, if any' }) commonProblemId!:
    string | null;
}

export const SimilarCasePage = PageOf(SimilarCase, 'SimilarCasePage');
