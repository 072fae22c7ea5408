import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Work to hand to the queue, written in the same transaction as the change that creates it.
 * The relay claims undelivered rows (FOR UPDATE SKIP LOCKED), adds a BullMQ job whose id is `jobId`,
 * and sets `delivered_at`.
 */
@Entity({ name: 'outbox' })
@Index('ix_outbox_pending', ['id'], { where: 'delivered_at IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  queue!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Deterministic BullMQ job id built from the business key: a re-delivery adds nothing. */
  @Column({ name: 'job_id', type: 'text' })
  jobId!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** When the job should run (a delayed job until then). */
  @Column({ name: 'run_at', type: 'timestamptz' })
  runAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}

/** `Idempotency-Key` of POST /api/cases, scoped to the user, kept at least 24 hours. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @Column({ name: 'user_id', type: 'uuid', primary: true })
  userId!: string;

  @Column({ type: 'text', primary: true })
  key!: string;

  @Column({ name: 'request_hash', type: 'text' })
  requestHash!: string;

  /** null while the first request is still running */
  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody!: unknown;

  @Index('ix_idempotency_keys_created')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
