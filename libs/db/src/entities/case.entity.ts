import { CategoryEntity } from './category.entity';
import { EnterpriseEntity } from './enterprise.entity';
import { UnitEntity } from './unit.entity';
import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { References, TimeOrderedId, UuidColumn } from './columns';

/** A ledger entry. The row is the projection of its events (see `applyEvent` in libs/domain). */
@Check('ck_cases_status', `status IN ('open','in_progress','escalated','resolved','closed','cancelled')`)
@Check('ck_cases_level', `level BETWEEN 0 AND 2`)
@Check('ck_cases_priority', `priority IN ('normal','urgent')`)
@Check('ck_cases_rating', `rating BETWEEN 1 AND 5`)
@Check('ck_cases_confirmed_by', `confirmed_by IN ('enterprise','staff')`)
@Check('ck_cases_missed_deadline', `missed_deadline IN ('respond', 'resolve')`)
@Entity({ name: 'cases' })
@Index('ix_cases_town_opened', ['townId', 'openedAt'])
@Index('ix_cases_unit_status', ['unitId', 'status'])
@Index('ix_cases_enterprise', ['enterpriseId', 'openedAt'])
@Index('ix_cases_county_opened', ['countyId', 'openedAt'])
@Index('ix_cases_city_opened', ['cityId', 'openedAt'])
// ledger lists at a million cases (migration 1764000000200-LedgerSearchIndexes): sorts, keyset paging, search
@Index('ix_cases_opened', ['openedAt', 'id'])
@Index('ix_cases_status_opened', ['status', 'openedAt', 'id'])
@Index('ix_cases_category_opened', ['categoryCode', 'openedAt', 'id'])
@Index('ix_cases_ledger_no_trgm', { synchronize: false }) // GIN (ledger_no gin_trgm_ops)
@Index('ix_cases_title_trgm', { synchronize: false }) // GIN (title gin_trgm_ops)
@Index('ix_cases_overdue_opened', { synchronize: false }) // WHERE overdue
@Index('ix_cases_pending_resolve_by', { synchronize: false }) // WHERE status is pending
@Index('ix_cases_pending_respond_by', { synchronize: false }) // WHERE open/escalated AND NOT overdue
@Index('ix_cases_level_opened', { synchronize: false }) // (level, opened_at, id) WHERE level > 0
@Index('ix_cases_ledger_no_prefix', { synchronize: false }) // (lowered number to its last hyphen, lowered number)
@Index('ix_cases_pending_town_opened', { synchronize: false }) // (town_id, opened_at, id) WHERE status is pending
@Index('ix_cases_pending_county_opened', { synchronize: false }) // (county_id, opened_at, id) WHERE pending
@Index('ix_cases_pending_city_opened', { synchronize: false }) // (city_id, opened_at, id) WHERE pending
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_cases_ledger_no', { unique: true })
  @Column({ name: 'ledger_no', type: 'text' })
  ledgerNo!: string;

  @UuidColumn('enterprise_id')
  enterpriseId!: string;

  @References(() => EnterpriseEntity, 'enterprise_id', 'fk_cases_enterprise_id', {
    onDelete: 'RESTRICT',
    nullable: false,
  })
  enterprise?: EnterpriseEntity;

  @Column({ name: 'category_code', type: 'text' })
  categoryCode!: string;

  @References(() => CategoryEntity, 'category_code', 'fk_cases_category_code', {
    onDelete: 'RESTRICT',
    nullable: false,
  })
  category?: CategoryEntity;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  priority!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'smallint' })
  level!: number;

  /** The unit that holds the case now (a town, or a bureau after escalation). */
  @UuidColumn('unit_id')
  unitId!: string;

  @References(() => UnitEntity, 'unit_id', 'fk_cases_unit_id', { onDelete: 'RESTRICT', nullable: false })
  unit?: UnitEntity;

  /** The enterprise's town, county and city: fixed at opening, for jurisdiction and dashboards. */
  @UuidColumn('town_id')
  townId!: string;

  @UuidColumn('county_id', { nullable: true })
  countyId!: string | null;

  @UuidColumn('city_id', { nullable: true })
  cityId!: string | null;

  @Index('ix_cases_assignee')
  @UuidColumn('assignee_id', { nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'return_unit_ids', type: 'uuid', array: true, default: () => "'{}'" })
  returnUnitIds!: string[];

  @Column({ name: 'respond_by', type: 'timestamptz', nullable: true })
  respondBy!: Date | null;

  @Column({ name: 'resolve_by', type: 'timestamptz', nullable: true })
  resolveBy!: Date | null;

  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @Column({ type: 'boolean', nullable: true })
  satisfied!: boolean | null;

  /** The enterprise's rating of the handling, 1–5 (null until confirmed with one). */
  @Column({ type: 'smallint', nullable: true })
  rating!: number | null;

  @Column({ name: 'rating_comment', type: 'text', nullable: true })
  ratingComment!: string | null;

  /** Who gave that verdict: the enterprise through its link, or staff on its behalf. */
  @Column({ name: 'confirmed_by', type: 'text', nullable: true })
  confirmedBy!: 'enterprise' | 'staff' | null;

  /** Which deadline the overdue mark is for: 'respond' | 'resolve' (null while not overdue). */
  @Column({ name: 'missed_deadline', type: 'text', nullable: true })
  missedDeadline!: string | null;

  /** The bureau that last returned the case; the system does not escalate it again on its own. */
  @UuidColumn('returned_from_unit_id', { nullable: true })
  returnedFromUnitId!: string | null;

  /** The resolve-by asked for by the pending extension request (null: none pending). */
  @Column({ name: 'extension_until', type: 'timestamptz', nullable: true })
  extensionUntil!: Date | null;

  /** The levels at which an extension was approved (one per level). */
  @Column({ name: 'extended_levels', type: 'smallint', array: true, default: () => "'{}'" })
  extendedLevels!: number[];

  @UuidColumn('opened_by_id')
  openedById!: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'int', default: 1 })
  version!: number;
}

/** The audit ledger: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). */
@Entity({ name: 'case_events' })
@Index('ix_case_events_case', ['caseId', 'seq'])
export class CaseEventEntity {
  @TimeOrderedId()
  id!: string;

  /** Total order of events (ties in `at` are common inside one transaction). */
  @Column({ type: 'bigint', generated: 'increment' })
  seq!: string;

  @UuidColumn('case_id')
  caseId!: string;

  @References(() => CaseEntity, 'case_id', 'fk_case_events_case_id', {
    onDelete: 'RESTRICT',
    nullable: false,
  })
  case?: CaseEntity;

  @Column({ type: 'text' })
  type!: string;

  @UuidColumn('actor_id', { nullable: true })
  actorId!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: string;

  @UuidColumn('from_unit_id', { nullable: true })
  fromUnitId!: string | null;

  @UuidColumn('to_unit_id')
  toUnitId!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: Record<string, unknown>;
}

/** Every unit that held a case, with when it arrived and left: bureau visibility and time held per unit. */
@Entity({ name: 'case_hops' })
@Index('ix_case_hops_unit', ['unitId', 'caseId'])
@Index('ix_case_hops_case', ['caseId', 'arrivedAt'])
export class CaseHopEntity {
  @TimeOrderedId()
  id!: string;

  @UuidColumn('case_id')
  caseId!: string;

  @References(() => CaseEntity, 'case_id', 'fk_case_hops_case_id', { onDelete: 'CASCADE', nullable: false })
  case?: CaseEntity;

  @UuidColumn('unit_id')
  unitId!: string;

  @Column({ type: 'smallint' })
  level!: number;

  @Column({ name: 'arrived_at', type: 'timestamptz' })
  arrivedAt!: Date;

  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt!: Date | null;
}

/** Gap-free ledger numbers: one row per (town, year), bumped inside the transaction that opens a case. */
@Entity({ name: 'ledger_sequences' })
export class LedgerSequenceEntity {
  @PrimaryColumn({ name: 'town_id', type: 'uuid' })
  townId!: string;

  @PrimaryColumn({ type: 'int' })
  year!: number;

  @Column({ name: 'last_seq', type: 'int' })
  lastSeq!: number;
}

/**
 * The heads of the ledger numbers (the lowered number up to its last hyphen: `bk1t01-2026-`), kept by a trigger
 * on `cases` (migration LedgerProvinceScale): where a ledger-number search can look (cases/ledger-filter).
 */
@Entity({ name: 'ledger_heads' })
export class LedgerHeadEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_ledger_heads' })
  head!: string;
}
