import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Sign-in attempts counted per key (`u:<username>` across all addresses, `a:<address>` across user names),
 * changed only by the single statements in login-throttle.ts, so concurrent attempts are counted exactly.
 */
@Entity({ name: 'login_throttle' })
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_login_throttle' })
  key!: string;

  /** Attempts counted in the current window (a successful sign-in takes its own back). */
  @Column({ type: 'int' })
  failures!: number;

  /** No attempt is let through before this time. */
  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil!: Date | null;

  /** When the last attempt was let through: the window restarts after a quiet period. */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
