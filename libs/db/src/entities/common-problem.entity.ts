import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { References, UuidColumn } from './columns';
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

  @UuidColumn('unit_id', { nullable: true })
  unitId!: string | null;

  @References(() => UnitEntity, 'unit_id', 'fk_common_problems_unit_id', { nullable: true })
  unit?: UnitEntity;

  @UuidColumn('created_by_id')
  createdById!: string;

  @References(() => UserEntity, 'created_by_id', 'fk_common_problems_created_by_id', { nullable: false })
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

  @References(() => CaseEntity, 'case_id', 'fk_common_problem_members_case_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  case?: CaseEntity;

  @UuidColumn('common_problem_id')
  commonProblemId!: string;

  @References(() => CommonProblemEntity, 'common_problem_id', 'fk_common_problem_members_common_problem_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  commonProblem?: CommonProblemEntity;

  @UuidColumn('added_by_id')
  addedById!: string;

  @References(() => UserEntity, 'added_by_id', 'fk_common_problem_members_added_by_id', { nullable: false })
  addedBy?: UserEntity;

  @Column({ name: 'added_at', type: 'timestamptz', default: () => 'now()' })
  addedAt!: Date;
}
