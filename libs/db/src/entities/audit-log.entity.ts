import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { UuidColumn } from './columns';

/**
 * One administrative change (a user, unit, category, routing rule, deadline policy or the calendar): who,
 * when, what, and the values before and after. Secrets (password hashes) are never written here.
 * Append-only from the API's point of view; the actor is kept by name too, so a row outlives its user.
 */
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_at', ['at', 'id'])
@Index('ix_audit_log_entity_at', ['entity', 'at'])
@Index('ix_audit_log_actor_at', ['actorId', 'at'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_audit_log' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @UuidColumn('actor_id', { nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_username', type: 'text' })
  actorUsername!: string;

  /** user | unit | category | routing_rules | deadline_policies | calendar */
  @Column({ type: 'text' })
  entity!: string;

  @Column({ name: 'entity_id', type: 'text', nullable: true })
  entityId!: string | null;

  /** create | update | disable | enable | reset_password | replace … */
  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | unknown[] | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | unknown[] | null;
}
