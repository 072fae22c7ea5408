import { CaseEntity } from './case.entity';
import { UserEntity } from './user.entity';
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { References, TimeOrderedId, UuidColumn } from './columns';

/**
 * An in-app notification for one user about one case, written in the same transaction as the case change
 * that causes it (see `applyTransitions` in cases/transitions.ts). `sent_at` records the outbound channel's delivery.
 */
@Check(
  'ck_notifications_kind',
  `kind IN ('assigned','escalated_to_unit','deadline_missed','urged','reopened','opened','returned','resolved','deadline_near','extension_requested','extension_approved','extension_denied')`,
)
@Entity({ name: 'notifications' })
@Index('ix_notifications_user_created', ['userId', 'createdAt'])
@Index('ix_notifications_user_unread', ['userId'], { where: 'read_at IS NULL' })
@Index('ix_notifications_case', ['caseId'])
export class NotificationEntity {
  @TimeOrderedId()
  id!: string;

  @UuidColumn('user_id')
  userId!: string;

  @References(() => UserEntity, 'user_id', 'fk_notifications_user_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  user?: UserEntity;

  @UuidColumn('case_id')
  caseId!: string;

  @References(() => CaseEntity, 'case_id', 'fk_notifications_case_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  case?: CaseEntity;

  /** NOTIFICATION_KINDS in libs/domain */
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

/** A user's choice of one outbound channel for one kind (only choices made are stored; the rest are defaults). */
@Check('ck_notification_preferences_channel', `channel IN ('sms','email','webhook')`)
@Entity({ name: 'notification_preferences' })
export class NotificationPreferenceEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_notification_preferences' })
  userId!: string;

  @References(() => UserEntity, 'user_id', 'fk_notification_preferences_user_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  user?: UserEntity;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_notification_preferences' })
  kind!: string;

  /** sms | email | webhook (in-app is always on) */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_notification_preferences' })
  channel!: string;

  @Column({ type: 'boolean' })
  enabled!: boolean;
}

/**
 * One notification on one outbound channel (job `notification.deliver`): pending until the adapter took it
 * (sent) or every retry failed (failed, listed for admins, who may retry it).
 */
@Check('ck_notification_deliveries_channel', `channel IN ('sms','email','webhook')`)
@Check('ck_notification_deliveries_status', `status IN ('pending','sent','failed')`)
@Entity({ name: 'notification_deliveries' })
@Index('uq_notification_deliveries_channel', ['notificationId', 'channel'], { unique: true })
@Index('ix_notification_deliveries_failed', ['updatedAt'], { where: `status = 'failed'` })
export class NotificationDeliveryEntity {
  @TimeOrderedId('PK_notification_deliveries')
  id!: string;

  @UuidColumn('notification_id')
  notificationId!: string;

  @References(() => NotificationEntity, 'notification_id', 'fk_notification_deliveries_notification_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  notification?: NotificationEntity;

  @Column({ type: 'text' })
  channel!: string;

  /** pending | sent | failed */
  @Column({ type: 'text', default: 'pending' })
  status!: string;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

/** Every attempt to hand a delivery to its channel, successful or not. */
@Entity({ name: 'delivery_attempts' })
@Index('ix_delivery_attempts_delivery', ['deliveryId', 'attempt'])
export class DeliveryAttemptEntity {
  @TimeOrderedId('PK_delivery_attempts')
  id!: string;

  @UuidColumn('delivery_id')
  deliveryId!: string;

  @References(() => NotificationDeliveryEntity, 'delivery_id', 'fk_delivery_attempts_delivery_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  delivery?: NotificationDeliveryEntity;

  @Column({ type: 'int' })
  attempt!: number;

  @Column({ type: 'boolean' })
  ok!: boolean;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}

/** A resolve-by whose "deadline near" notification went out (a re-run job tells nobody twice). */
@Entity({ name: 'deadline_near_marks' })
export class DeadlineNearMarkEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid', primaryKeyConstraintName: 'PK_deadline_near_marks' })
  caseId!: string;

  @References(() => CaseEntity, 'case_id', 'fk_deadline_near_marks_case_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  case?: CaseEntity;

  @PrimaryColumn({
    name: 'resolve_by',
    type: 'timestamptz',
    primaryKeyConstraintName: 'PK_deadline_near_marks',
  })
  resolveBy!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
