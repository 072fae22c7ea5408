import { UnitEntity } from './unit.entity';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { References, UuidColumn } from './columns';

@Check('ck_users_role', `role IN ('instructor','coordinator','bureau_officer','manager','admin','system')`)
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_users_username', { unique: true })
  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  role!: string;

  @Index('ix_users_unit')
  @UuidColumn('unit_id', { nullable: true })
  unitId!: string | null;

  @References(() => UnitEntity, 'unit_id', 'fk_users_unit_id', { onDelete: 'RESTRICT', nullable: true })
  unit?: UnitEntity;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  /** Where e-mail notifications go (SMTP); null: none. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /**
   * Carried in every token as `sv`; a token whose `sv` differs is refused. Bumped on disable, password change
   * or reset, role or unit change and sign-out, which ends every session of the user within seconds.
   */
  @Column({ name: 'session_version', type: 'int', default: 1 })
  sessionVersion!: number;

  /** Set by an admin's password reset: until the user picks a new password the API only lets him do that. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
