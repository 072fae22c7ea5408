import { CaseEntity } from './case.entity';
import { UserEntity } from './user.entity';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An in-app notification for one user about one case, written in the same transaction as the case change
 * that causes it (see `applyTransitions` in cases/transitions.ts). `sent_at` records the outbound channel's delivery.
 */
@Check('ck_notifications_kind', `kind IN ('assigned','escalated_to_unit','deadline_missed','urged','reopened')`)
@Entity({ name: 'notifications' })
@Index('ix_notifications_user_created', ['userId', 'createdAt'])
@Index('ix_notifications_user_unread', ['userId'], { where: 'read_at IS NULL' })
@Index('ix_notifications_case', ['caseId'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notifications_user_id' })
  user?: UserEntity;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_notifications_case_id' })
  case?: CaseEntity;

  /** assigned | escalated_to_unit | deadline_missed | urged | reopened */
  @Column({ type: 'text' })
  kind!: string;

  /** One line in Chinese, e.g. 「T01-2026-0001 返岗员工不足」已分派给您处理 */
  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  /** When the outbound channel (SMS, 政务微信 … or the log) took it; a re-run job skips a sent one. */
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
