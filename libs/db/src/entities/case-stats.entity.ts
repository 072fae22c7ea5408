import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { UuidColumn } from './columns';

/**
 * Dashboard counts kept current in the same transaction as every case change (see `recordCaseChangesStats`):
 * writers only append deltas (no hot counter row); the worker folds them into the compacted tables.
 * A count is `compacted + sum(deltas)` and equals a plain GROUP BY over `cases` exactly.
 * "Scope" of a case: ALL, its county, its city, and every unit that held it (its town and any bureau).
 */
@Entity({ name: 'case_stats' })
export class CaseStatsEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @PrimaryColumn({ name: 'category_code', type: 'text' }) categoryCode!: string;
  @PrimaryColumn({ type: 'smallint' }) level!: number;
  @PrimaryColumn({ type: 'text' }) status!: string;
  @PrimaryColumn({ type: 'boolean' }) overdue!: boolean;
  @Column({ type: 'int' }) n!: number;
}

/** case_stats summed per unit, status and overdue (folded by the compactor from the same deltas). */
@Entity({ name: 'case_unit_totals' })
export class CaseUnitTotalsEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @PrimaryColumn({ type: 'text' }) status!: string;
  @PrimaryColumn({ type: 'boolean' }) overdue!: boolean;
  @Column({ type: 'int' }) n!: number;
}

/** One row: bumped in the transaction of every change to the compacted tables (see compactCaseStats). */
@Entity({ name: 'case_stats_generation' })
@Check('CHK_case_stats_generation_one', '"id" = 1')
export class CaseStatsGenerationEntity {
  @PrimaryColumn({ type: 'smallint', default: 1 }) id!: number;
  @Column({ type: 'bigint' }) gen!: string;
}

@Entity({ name: 'case_stats_deltas' })
@Index('ix_case_stats_deltas_unit', ['unitId'])
export class CaseStatsDeltaEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @UuidColumn('unit_id') unitId!: string;
  @Column({ name: 'category_code', type: 'text' }) categoryCode!: string;
  @Column({ type: 'smallint' }) level!: number;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'boolean' }) overdue!: boolean;
  @Column({ type: 'int' }) n!: number;
}

/** Cases opened and solved (resolved_at) per local day (Asia/Shanghai), per scope unit. */
@Entity({ name: 'case_daily_stats' })
export class CaseDailyStatsEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @PrimaryColumn({ type: 'date' }) day!: string;
  @Column({ type: 'int' }) opened!: number;
  @Column({ type: 'int' }) solved!: number;
}

@Entity({ name: 'case_daily_deltas' })
@Index('ix_case_daily_deltas_unit', ['unitId', 'day'])
export class CaseDailyDeltaEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @UuidColumn('unit_id') unitId!: string;
  @Column({ type: 'date' }) day!: string;
  @Column({ type: 'int' }) opened!: number;
  @Column({ type: 'int' }) solved!: number;
}

/** Time to solve in tenths of an hour, per scope unit: the median comes from this histogram. */
@Entity({ name: 'case_solve_hist' })
export class CaseSolveHistEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @PrimaryColumn({ type: 'int' }) bucket!: number;
  @Column({ type: 'int' }) n!: number;
}

@Entity({ name: 'case_solve_hist_deltas' })
@Index('ix_case_solve_hist_deltas_unit', ['unitId'])
export class CaseSolveHistDeltaEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @UuidColumn('unit_id') unitId!: string;
  @Column({ type: 'int' }) bucket!: number;
  @Column({ type: 'int' }) n!: number;
}

/** The scorecard's figures of one unit over a span (a day, a month, or a delta of one): the same columns in each table. */
abstract class ScorecardFigures {
  @Column({ type: 'int', default: 0 }) received!: number;
  @Column({ type: 'int', default: 0 }) resolved!: number;
  @Column({ type: 'int', default: 0 }) closed!: number;
  @Column({ type: 'int', default: 0 }) cancelled!: number;
  @Column({ name: 'on_time', type: 'int', default: 0 }) onTime!: number;
  @Column({ type: 'int', default: 0 }) overdue!: number;
  @Column({ type: 'int', default: 0 }) rated!: number;
  @Column({ name: 'rating_sum', type: 'int', default: 0 }) ratingSum!: number;
  @Column({ name: 'rated_good', type: 'int', default: 0 }) ratedGood!: number;
  @Column({ type: 'int', default: 0 }) urged!: number;
  @Column({ type: 'int', default: 0 }) returned!: number;
  @Column({ type: 'int', default: 0 }) extensions!: number;
  /** Resolved cases by hours to resolve, in 24 log-scale buckets (stats/unit-days.ts HIST_EDGES_MS). */
  @Column({ type: 'int', array: true, default: () => "'{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}'" })
  hist!: number[];
}

/** Scorecard figures per unit and local day (migration CaseUnitDays): compacted. */
@Entity({ name: 'case_unit_days' })
export class CaseUnitDaysEntity extends ScorecardFigures {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @PrimaryColumn({ type: 'date' }) day!: string;
}

/** Scorecard figures appended by case changes, folded into case_unit_days by the compactor. */
@Entity({ name: 'case_unit_day_deltas' })
@Index('ix_case_unit_day_deltas_unit', ['unitId', 'day'])
export class CaseUnitDayDeltaEntity extends ScorecardFigures {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @UuidColumn('unit_id') unitId!: string;
  @Column({ type: 'date' }) day!: string;
}

/** case_unit_days pre-summed per unit and calendar month (`month`: its first day), folded with them. */
@Entity({ name: 'case_unit_months' })
export class CaseUnitMonthsEntity extends ScorecardFigures {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @PrimaryColumn({ type: 'date' }) month!: string;
}
