import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { References, UuidColumn } from './columns';
import { CaseEntity } from './case.entity';
import { EnterpriseEntity } from './enterprise.entity';
import { UserEntity } from './user.entity';

/** An instructor's (or a town coordinator's) record of a visit to an enterprise (走访). */
@Entity({ name: 'visits' })
@Index('ix_visits_enterprise', ['enterpriseId', 'visitedAt'])
@Index('ix_visits_town', ['townId', 'visitedAt'])
@Index('ix_visits_visitor', ['visitorId', 'visitedAt'])
@Index('ix_visits_visited_at', ['visitedAt'])
export class VisitEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;

  @UuidColumn('enterprise_id') enterpriseId!: string;

  @References(() => EnterpriseEntity, 'enterprise_id', 'fk_visits_enterprise_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  enterprise?: EnterpriseEntity;

  /** the enterprise's town when visited (the dashboard's scope) */
  @UuidColumn('town_id') townId!: string;

  @UuidColumn('visitor_id') visitorId!: string;

  @References(() => UserEntity, 'visitor_id', 'fk_visits_visitor_id', {
    onDelete: 'RESTRICT',
    nullable: false,
  })
  visitor?: UserEntity;

  @Column({ name: 'visited_at', type: 'timestamptz' }) visitedAt!: Date;
  @Column({ type: 'text' }) note!: string;
  @Column({ name: 'problems_raised', type: 'int', default: 0 }) problemsRaised!: number;
  /** the status the visitor reported (null: not reported) */
  @Column({ type: 'text', nullable: true }) resumption!: string | null;
  @Column({ name: 'returned_headcount', type: 'int', nullable: true }) returnedHeadcount!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** The cases opened from a visit. */
@Entity({ name: 'visit_cases' })
export class VisitCaseEntity {
  @PrimaryColumn({ name: 'visit_id', type: 'uuid' }) visitId!: string;

  @Index('uq_visit_cases_case', { unique: true })
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @References(() => VisitEntity, 'visit_id', 'fk_visit_cases_visit_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  visit?: VisitEntity;

  @References(() => CaseEntity, 'case_id', 'fk_visit_cases_case_id', { onDelete: 'CASCADE', nullable: false })
  case?: CaseEntity;
}

/**
 * Resumption figures per scope unit (the ALL unit, the enterprise's unit and every unit above it), scale and
 * status; kept by triggers on `enterprises` (migration VisitsResumption).
 */
@Entity({ name: 'resumption_stats' })
export class ResumptionStatsEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @PrimaryColumn({ type: 'text' }) scale!: string;
  @PrimaryColumn({ type: 'text' }) resumption!: string;
  @Column({ type: 'int' }) n!: number;
  @Column({ type: 'bigint' }) headcount!: string;
  @Column({ name: 'returned_headcount', type: 'bigint' }) returnedHeadcount!: string;
}

/** Net change per local day (Asia/Shanghai) of resumed enterprises and returned staff, per scope unit. */
@Entity({ name: 'resumption_daily' })
export class ResumptionDailyEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @PrimaryColumn({ type: 'date' }) day!: string;
  @Column({ type: 'int' }) resumed!: number;
  @Column({ name: 'returned_headcount', type: 'bigint' }) returnedHeadcount!: string;
}

/** Every change of an enterprise's resumption status or headcounts (and its first figures). */
@Entity({ name: 'enterprise_resumption_history' })
@Index('ix_enterprise_resumption_history_enterprise', ['enterpriseId', 'at'])
export class EnterpriseResumptionHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @UuidColumn('enterprise_id') enterpriseId!: string;

  @References(() => EnterpriseEntity, 'enterprise_id', 'fk_enterprise_resumption_history_enterprise_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  enterprise?: EnterpriseEntity;

  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ name: 'from_resumption', type: 'text', nullable: true }) fromResumption!: string | null;
  @Column({ name: 'to_resumption', type: 'text' }) toResumption!: string;
  @Column({ type: 'int' }) headcount!: number;
  @Column({ name: 'from_returned_headcount', type: 'int', nullable: true }) fromReturnedHeadcount!:
    number | null;
  @Column({ name: 'to_returned_headcount', type: 'int' }) toReturnedHeadcount!: number;
}

/** Visits per town and visitor, all time; kept by a trigger on `visits` (migration VisitCounters). */
@Entity({ name: 'visit_stats' })
export class VisitStatsEntity {
  @PrimaryColumn({ name: 'town_id', type: 'uuid' }) townId!: string;
  @PrimaryColumn({ name: 'visitor_id', type: 'uuid' }) visitorId!: string;
  @Column({ type: 'int' }) visits!: number;
  @Column({ name: 'last_visit_at', type: 'timestamptz' }) lastVisitAt!: Date;
}

/** A visitor's latest visit of an enterprise (per town); kept by a trigger on `visits`. */
@Entity({ name: 'visit_pairs' })
@Index('ix_visit_pairs_town_last', ['townId', 'lastVisitAt'])
export class VisitPairEntity {
  @PrimaryColumn({ name: 'town_id', type: 'uuid' }) townId!: string;
  @PrimaryColumn({ name: 'visitor_id', type: 'uuid' }) visitorId!: string;
  @PrimaryColumn({ name: 'enterprise_id', type: 'uuid' }) enterpriseId!: string;
  @Column({ name: 'last_visit_at', type: 'timestamptz' }) lastVisitAt!: Date;
}

/** Per town, UTC day and visitor: the visits that day and the pairs whose latest visit is that day. */
@Entity({ name: 'visit_daily' })
export class VisitDailyEntity {
  @PrimaryColumn({ name: 'town_id', type: 'uuid' }) townId!: string;
  @PrimaryColumn({ type: 'date' }) day!: string;
  @PrimaryColumn({ name: 'visitor_id', type: 'uuid' }) visitorId!: string;
  @Column({ type: 'int' }) visits!: number;
  @Column({ name: 'pairs_last', type: 'int' }) pairsLast!: number;
}

/** Per town and UTC day of `enterprises.last_visit_at` ('-infinity': never visited), the enterprises (migration VisitTownCounters). */
@Entity({ name: 'visit_town_days' })
export class VisitTownDayEntity {
  @PrimaryColumn({ name: 'town_id', type: 'uuid' }) townId!: string;
  @PrimaryColumn({ type: 'date' }) day!: string;
  @Column({ type: 'int' }) n!: number;
}

/** Per town and user, the enterprises assigned to him (migration VisitTownCounters). */
@Entity({ name: 'instructor_assignments' })
export class InstructorAssignmentsEntity {
  @PrimaryColumn({ name: 'town_id', type: 'uuid' }) townId!: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ type: 'int' }) n!: number;
}
