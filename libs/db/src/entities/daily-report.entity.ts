import { UnitEntity } from './unit.entity';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { References } from './columns';

/**
 * 每日清零: the figures of one town/county/city for one local day (Asia/Shanghai), frozen once after the
 * day's cut-off (INSERT … ON CONFLICT DO NOTHING): they never move afterwards.
 */
@Entity({ name: 'daily_reports' })
@Index('ix_daily_reports_date', ['reportDate'])
export class DailyReportEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId!: string;

  @References(() => UnitEntity, 'unit_id', 'fk_daily_reports_unit_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  unit?: UnitEntity;

  @PrimaryColumn({ name: 'report_date', type: 'date' })
  reportDate!: string;

  /** Cases of the unit's subtree opened that day. */
  @Column({ type: 'int' })
  opened!: number;

  /** Cases resolved that day. */
  @Column({ type: 'int' })
  solved!: number;

  /** Cases still pending (open, in progress, escalated) at the cut-off. */
  @Column({ type: 'int' })
  pending!: number;

  /** Pending cases past a deadline at the cut-off. */
  @Column({ type: 'int' })
  overdue!: number;

  @Column({ name: 'frozen_at', type: 'timestamptz' })
  frozenAt!: Date;
}
