import { ApiProperty } from '@nestjs/swagger';
import { CountProp, NullableUuidProp, UuidProp } from '../../../core/api-props';

const RateProp = (description: string) =>
  ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description });

/** 办结率, 按期办结率, 满意率: shares from 0 to 1 (null: nothing to divide). */
export class Rates {
  @RateProp('办结率: resolved (resolved or closed) / (received − cancelled)') resolved!: number | null;
  @RateProp('按期办结率: resolved by the resolve-by / resolved') onTime!: number | null;
  @RateProp('满意率: rated 4 or 5 / rated') satisfaction!: number | null;
}

export class DateRange {
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'first local day (null: no bound)',
  })
  from!: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'last local day (null: no bound)',
  })
  to!: string | null;
}

/** The figures of the cases opened in a range, as counted for one unit. */
export class PeriodFigures {
  @CountProp({
    description: '收件: cases opened in the range that this unit held (for an aggregate: in its area)',
  })
  received!: number;
  @CountProp({ description: '已办结: resolved or closed (resolved + closed)' }) resolved!: number;
  @CountProp({ description: '其中已关闭 (confirmed): part of resolved' }) closed!: number;
  @CountProp({ description: '已撤销' }) cancelled!: number;
  @CountProp({ description: '办理中: received − resolved − cancelled' }) pending!: number;
  @CountProp({ description: '按期办结: resolved by the resolve-by' }) resolvedOnTime!: number;
  @CountProp({ description: '超期未办结: pending and overdue' }) overdue!: number;
  @CountProp({ description: 'cases with a rating' }) rated!: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 1, maximum: 5, description: '平均评分 (1–5)' })
  avgRating!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    description: 'median hours from opening to resolution (within 0.5 h)',
  })
  medianHoursToResolve!: number | null;
  @ApiProperty({ type: Rates }) rates!: Rates;
}

export class ScorecardRow extends PeriodFigures {
  @UuidProp() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: ['town', 'bureau'] }) unitKind!: 'town' | 'bureau';
  @CountProp({
    description: '被督办: urge events while this unit held the case, in the range (by event day)',
  })
  urged!: number;
  @CountProp({ description: '退回: return events by this unit, in the range (by event day)' })
  returned!: number;
  @CountProp({
    description: '延期: approved extensions while this unit held the case, in the range (by event day)',
  })
  extensions!: number;
}

export class ScorecardResponse {
  @NullableUuidProp({ description: 'the unit whose towns and bureaus are listed; null: all' }) unitId!:
    string | null;
  @ApiProperty({ type: DateRange }) range!: DateRange;
  @ApiProperty({
    type: ScorecardRow,
    isArray: true,
    description: 'one row per town and bureau below the unit',
  })
  items!: ScorecardRow[];
}
