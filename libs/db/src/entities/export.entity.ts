import { UserEntity } from './user.entity';
import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { References, UuidColumn } from './columns';

/**
 * One Excel export of the ledger, built by the worker (job `export.build`). The API writes the row with the
 * requester (`user_id`) and the validated filters; the worker rebuilds the ledger's condition from them with
 * `ledgerWhere` (the same code as GET /api/cases and its jurisdiction), so it exports exactly what the user may see.
 * The file itself lives in `export_chunks`: API and worker share no disk.
 */
@Check('ck_exports_status', `status IN ('queued','running','done','failed')`)
@Entity({ name: 'exports' })
@Index('ix_exports_user_created', ['userId', 'createdAt'])
@Index('ix_exports_created', ['createdAt'])
export class ExportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_exports' })
  id!: string;

  @UuidColumn('user_id')
  userId!: string;

  @References(() => UserEntity, 'user_id', 'fk_exports_user_id', { onDelete: 'CASCADE', nullable: false })
  user?: UserEntity;

  /** The filters as asked (GET /api/cases query without paging): shown back to the user, rebuilt into SQL by the worker. */
  @Column({ type: 'jsonb' })
  filters!: Record<string, unknown>;

  /** queued | running | done | failed */
  @Column({ type: 'text', default: 'queued' })
  status!: string;

  /** Rows to write, counted when the build starts. */
  @Column({ type: 'int', nullable: true })
  total!: number | null;

  @Column({ name: 'done_rows', type: 'int', default: 0 })
  doneRows!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** e.g. 问题台账-2026-03-02.xlsx */
  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'size_bytes', type: 'bigint', nullable: true })
  sizeBytes!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

/** The bytes of an export's .xlsx, ~1 MB a row, in order of `seq` (0, 1, …). */
@Entity({ name: 'export_chunks' })
export class ExportChunkEntity {
  @PrimaryColumn({ name: 'export_id', type: 'uuid', primaryKeyConstraintName: 'PK_export_chunks' })
  exportId!: string;

  @References(() => ExportEntity, 'export_id', 'fk_export_chunks_export_id', {
    onDelete: 'CASCADE',
    nullable: false,
  })
  export?: ExportEntity;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'PK_export_chunks' })
  seq!: number;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
