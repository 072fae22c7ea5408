import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'deadline_policies' })
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
}
