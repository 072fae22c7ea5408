import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'deadline_policies' })
@Check('ck_deadline_policies_near_lead_hours', `near_lead_hours IS NULL OR near_lead_hours BETWEEN 0 AND 40`)
export class DeadlinePolicyEntity {
  @PrimaryColumn({ type: 'smallint' })
  level!: number;

  @PrimaryColumn({ type: 'text' })
  priority!: string;

  @Column({ name: 'respond_minutes', type: 'double precision' })
  respondMinutes!: number;

  @Column({ name: 'resolve_minutes', type: 'double precision' })
  resolveMinutes!: number;

  @Column({ name: 'working_time', type: 'boolean' })
  workingTime!: boolean;

  @Column({ name: 'respond_by_end_of_day', type: 'boolean' })
  respondByEndOfDay!: boolean;

  /** The most working days one extension may add. */
  @Column({ name: 'max_extension_days', type: 'double precision', default: 5 })
  maxExtensionDays!: number;

  /** Working hours before resolve-by at which the holder hears the deadline is near; null: NOTIFY_DEADLINE_LEAD_HOURS, 0: never. */
  @Column({ name: 'near_lead_hours', type: 'double precision', nullable: true })
  nearLeadHours!: number | null;
}
