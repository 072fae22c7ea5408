import { ApiProperty } from '@nestjs/swagger';
import {
  RESUMPTION_STATUSES,
  ResumptionStatus,
  VisitDto,
  VisitsDashboard as VisitsDashboardDto,
} from '@taizhang/contracts';
import { CountProp, NullableTimeProp, TimeProp, UuidProp } from '../../../core/api-props';
import { PageOf } from '../../../core/page';

export class Visit implements VisitDto {
  @UuidProp() id!: string;
  @UuidProp() enterpriseId!: string;
  @ApiProperty() enterpriseName!: string;
  @UuidProp({ description: "the enterprise's town when visited" }) townId!: string;
  @ApiProperty() townName!: string;
  @UuidProp() visitorId!: string;
  @ApiProperty() visitorName!: string;
  @TimeProp() visitedAt!: string;
  @ApiProperty() note!: string;
  @CountProp() problemsRaised!: number;
  @ApiProperty({
    enum: RESUMPTION_STATUSES,
    nullable: true,
    description: 'the status reported (null: not reported)',
  })
  resumption!: ResumptionStatus | null;
  @ApiProperty({ type: 'integer', minimum: 0, nullable: true, description: 'staff back, as reported' })
  returnedHeadcount!: number | null;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'cases opened from this visit' })
  caseIds!: string[];
}
export const VisitPage = PageOf(Visit, 'VisitPage');

export class ResumptionChange {
  @TimeProp() at!: string;
  @ApiProperty({ enum: RESUMPTION_STATUSES, nullable: true, description: 'null: the first figures' })
  fromResumption!: ResumptionStatus | null;
  @ApiProperty({ enum: RESUMPTION_STATUSES }) toResumption!: ResumptionStatus;
  @CountProp() headcount!: number;
  @ApiProperty({ type: 'integer', minimum: 0, nullable: true }) fromReturnedHeadcount!: number | null;
  @CountProp() toReturnedHeadcount!: number;
}
export const ResumptionChangePage = PageOf(ResumptionChange, 'ResumptionChangePage');

class VisitCounts {
  @CountProp() enterprises!: number;
  @CountProp({ description: 'enterprises visited in the last 7 days' }) visited7d!: number;
  @CountProp({ description: 'enterprises visited in the last 30 days' }) visited30d!: number;
  @CountProp({ description: 'enterprises never visited' }) neverVisited!: number;
}
export class TownVisitCounts extends VisitCounts {
  @UuidProp() unitId!: string;
  @ApiProperty() unitName!: string;
}
export class InstructorVisits {
  @UuidProp() userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'instructor, or a coordinator who visited' }) role!: string;
  @CountProp({ description: 'enterprises of the scope assigned to this instructor' }) enterprises!: number;
  @CountProp({ description: 'visits to enterprises of the scope, all time' }) visits!: number;
  @CountProp({ description: 'visits in the last 30 days' }) visits30d!: number;
  @CountProp({ description: 'distinct enterprises visited in the last 30 days' })
  visitedEnterprises30d!: number;
  @NullableTimeProp() lastVisitAt!: string | null;
}
export class VisitsDashboard extends VisitCounts implements VisitsDashboardDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the unit asked for; null: everything',
  })
  unitId!: string | null;
  @ApiProperty({ type: TownVisitCounts, isArray: true }) byTown!: TownVisitCounts[];
  @ApiProperty({ type: InstructorVisits, isArray: true }) byInstructor!: InstructorVisits[];
}
