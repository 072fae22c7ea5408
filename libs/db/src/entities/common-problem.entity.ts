import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';

/** 共性问题: cases of several enterprises grouped to be handled once. Belongs to its maker's unit (null: an admin's). */
@Entity({ name: 'common_problems' })
@Index('ix_common_problems_unit_created', ['unitId', 'createdAt'])
export class CommonProblemEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_common_problems' })
  id!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId!: string | null;

  @ManyToOne(() => UnitEntity, { nullable: true })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_common_problems_unit_id' })
  unit?: UnitEntity;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById!: string;

  @ManyToOne(() => UserEntity, { nullable: false })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_common_problems_created_by_id' })
  createdBy?: UserEntity;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** A case in a common problem; a case is in at most one (the key is the case). */
@Entity({ name: 'common_problem_members' })
@Index('ix_common_problem_members_group', ['commonProblemId'])
export class CommonProblemMemberEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid', primaryKeyConstraintName: 'PK_common_problem_members' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_common_problem_members_case_id' })
  case?: CaseEntity;

  @Column({ name: 'common_problem_id', type: 'uuid' })
  commonProblemId!: string;

  @ManyToOne(() => CommonProblemEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({
    name: 'common_problem_id',
    foreignKeyConstraintName: 'fk_common_problem_members_common_problem_id',
  })
  commonProblem?: CommonProblemEntity;

  @Column({ name: 'added_by_id', type: 'uuid' })
  addedById!: string;

  @ManyToOne(() => UserEntity, { nullable: false })
  @JoinColumn({ name: 'added_by_id', foreignKeyConstraintName: 'fk_common_problem_members_added_by_id' })
  addedBy?: UserEntity;

  @Column({ name: 'added_at', type: 'timestamptz', default: () => 'now()' })
  addedAt!: Date;
}
