import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATUSES, CaseLevel, CaseStatus, DashboardSummary } from '@taizhang/contracts';
import { CountProp, LevelProp, NullableUuidProp, UuidProp } from '../../../core/api-props';
import { DateRange, PeriodFigures, Rates } from './scorecard.responses';

class Counts {
  @CountProp() total!: number;
  @CountProp() solved!: number;
  @CountProp() pending!: number;
  @CountProp() overdue!: number;
}
export class CategoryCounts extends Counts {
  @ApiProperty() categoryCode!: string;
}
export class UnitCounts extends Counts {
  @UuidProp() unitId!: string;
  @ApiProperty() unitName!: string;
}
export class LevelCounts extends Counts {
  @LevelProp() level!: CaseLevel;
}
export class TrendDay {
  @ApiProperty({ type: String, format: 'date' }) date!: string;
  @CountProp() opened!: number;
  @CountProp() solved!: number;
}
export class StatusCounts implements Record<CaseStatus, number> {
  @CountProp() open!: number;
  @CountProp() in_progress!: number;
  @CountProp() escalated!: number;
  @CountProp() resolved!: number;
  @CountProp() closed!: number;
  @CountProp() cancelled!: number;
}
// every status has its count (a new status must be added above)
const _all: Record<(typeof CASE_STATUSES)[number], true> = {
  open: true,
  in_progress: true,
  escalated: true,
  resolved: true,
  closed: true,
  cancelled: true,
};
void _all;

export class ResumptionStatusCounts {
  @CountProp() not_resumed!: number;
  @CountProp() resumed!: number;
  @CountProp() full_capacity!: number;
}
export class ResumptionTrendDay {
  @ApiProperty({ type: String, format: 'date' }) date!: string;
  @CountProp({ description: 'enterprises resumed or at full capacity at the end of the day' })
  resumed!: number;
  @CountProp({ description: 'staff back at the end of the day' }) returnedHeadcount!: number;
}
export class ResumptionSummary {
  @CountProp() enterprises!: number;
  @CountProp({ description: '规上' }) above!: number;
  @CountProp({ description: '规下' }) below!: number;
  @ApiProperty({ type: ResumptionStatusCounts }) byStatus!: ResumptionStatusCounts;
  @CountProp() headcount!: number;
  @CountProp() returnedHeadcount!: number;
  @ApiProperty({
    type: ResumptionTrendDay,
    isArray: true,
    description: 'the last 30 days (empty for an instructor)',
  })
  trend!: ResumptionTrendDay[];
}

export class CommonProblemCounts {
  @CountProp({ description: '共性问题 with a member case in the unit’s area' }) groups!: number;
  @CountProp({ description: 'their member cases in the unit’s area' }) members!: number;
}

export class DashboardSummaryResponse implements DashboardSummary {
  @NullableUuidProp({ description: 'the unit asked for; null: all of your jurisdiction' }) unitId!:
    string | null;
  @CountProp() total!: number;
  @CountProp() solved!: number;
  @CountProp() pending!: number;
  @CountProp() overdue!: number;
  @ApiProperty({ type: StatusCounts }) byStatus!: StatusCounts;
  @ApiProperty({ type: CategoryCounts, isArray: true }) byCategory!: CategoryCounts[];
  @ApiProperty({ type: UnitCounts, isArray: true }) byUnit!: UnitCounts[];
  @ApiProperty({ type: LevelCounts, isArray: true }) byLevel!: LevelCounts[];
  @ApiProperty({ type: TrendDay, isArray: true, description: 'the last 30 days' }) trend!: TrendDay[];
  @ApiProperty({ type: Number, nullable: true, minimum: 0 }) medianHoursToSolve!: number | null;
  @CountProp({ description: '已撤销 (all time): total = solved + pending + cancelled' }) cancelled!: number;
  @ApiProperty({ type: DateRange, description: 'the range of opening days of `period` and `rates`' })
  range!: DateRange;
  @ApiProperty({ type: PeriodFigures, description: 'the cases opened in the range' }) period!: PeriodFigures;
  @ApiProperty({ type: Rates, description: '办结率, 按期办结率, 满意率 of the range (= period.rates)' })
  rates!: Rates;
  @ApiProperty({
    type: ResumptionSummary,
    description: '复工复产: enterprises of the unit by scale and resumption status',
  })
  resumption!: ResumptionSummary;
  @ApiPropertyOptional({
    type: CommonProblemCounts,
    description: '共性问题 (common problems): groups and member cases',
  })
  commonProblems?: CommonProblemCounts;
}
