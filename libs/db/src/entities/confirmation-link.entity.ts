import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { References, UuidColumn } from './columns';
import { CaseEntity } from './case.entity';

/**
 * A one-time link for the enterprise's contact to confirm or refuse a resolved case (issue 13). Only the
 * SHA-256 of the token is stored; `used_at` is set by the one answer it takes, `revoked_at` when a newer
 * link for the case replaces it.
 */
@Entity({ name: 'confirmation_links' })
@Index('ix_confirmation_links_case', ['caseId'])
export class ConfirmationLinkEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_confirmation_links' })
  id!: string;

  @UuidColumn('case_id')
  caseId!: string;

  @References(() => CaseEntity, 'case_id', 'fk_confirmation_links_case', { onDelete: 'CASCADE' })
  case?: CaseEntity;

  @Index('uq_confirmation_links_token', { unique: true })
  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @UuidColumn('created_by_id', { nullable: true })
  createdById!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
