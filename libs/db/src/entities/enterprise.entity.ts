import { UserEntity } from './user.entity';
import { UnitEntity } from './unit.entity';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { References, UuidColumn } from './columns';

@Entity({ name: 'enterprises' })
@Index('ix_enterprises_name_trgm', { synchronize: false }) // GIN (name gin_trgm_ops): search by name
@Index('ix_enterprises_town_last_visit', ['townId', 'lastVisitAt'])
export class EnterpriseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Index('uq_enterprises_credit_code', { unique: true })
  @Column({ name: 'credit_code', type: 'text' })
  creditCode!: string;

  /** above (规上) | below (规下) */
  @Column({ type: 'text' })
  scale!: string;

  @Column({ type: 'text', default: '' })
  industry!: string;

  /** The town or grid the enterprise is in. */
  @Index('ix_enterprises_unit')
  @UuidColumn('unit_id')
  unitId!: string;

  @References(() => UnitEntity, 'unit_id', 'fk_enterprises_unit_id', {
    onDelete: 'RESTRICT',
    nullable: false,
  })
  unit?: UnitEntity;

  /** The town that unit belongs to (the unit itself when it is a town). */
  @Index('ix_enterprises_town')
  @UuidColumn('town_id')
  townId!: string;

  @References(() => UnitEntity, 'town_id', 'fk_enterprises_town_id', {
    onDelete: 'RESTRICT',
    nullable: false,
  })
  town?: UnitEntity;

  @Column({ type: 'text', default: '' })
  address!: string;

  @Column({ name: 'contact_name', type: 'text', default: '' })
  contactName!: string;

  @Column({ name: 'contact_phone', type: 'text', default: '' })
  contactPhone!: string;

  @Column({ type: 'boolean', default: false })
  key!: boolean;

  @Column({ type: 'text', default: 'not_resumed' })
  resumption!: string;

  @Column({ type: 'int', default: 0 })
  headcount!: number;

  @Column({ name: 'returned_headcount', type: 'int', default: 0 })
  returnedHeadcount!: number;

  /** The latest visit's time (visits); null: never visited. */
  @Column({ name: 'last_visit_at', type: 'timestamptz', nullable: true })
  lastVisitAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'enterprise_instructors' })
export class EnterpriseInstructorEntity {
  @PrimaryColumn({ name: 'enterprise_id', type: 'uuid' })
  enterpriseId!: string;

  @Index('ix_enterprise_instructors_user')
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @References(() => EnterpriseEntity, 'enterprise_id', 'fk_enterprise_instructors_enterprise_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  enterprise?: EnterpriseEntity;

  @References(() => UserEntity, 'user_id', 'fk_enterprise_instructors_user_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  user?: UserEntity;
}
