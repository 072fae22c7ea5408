import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity, CaseEventEntity } from './case.entity';
import { UserEntity } from './user.entity';

/**
 * A file on a case (issue 13): the metadata here, the bytes in the attachment storage under `storage_key`
 * (`attachment_blobs` by default, or an S3 bucket), and for an image a JPEG thumbnail under `thumbnail_key`.
 */
@Entity({ name: 'attachments' })
@Index('ix_attachments_case_created', ['caseId', 'createdAt'])
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_attachments' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_attachments_case_id' })
  case?: CaseEntity;

  /** The case event (comment, resolve, …) the file was sent with, if any. */
  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId!: string | null;

  @ManyToOne(() => CaseEventEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_attachments_event_id' })
  event?: CaseEventEntity;

  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'fk_attachments_uploaded_by' })
  uploader?: UserEntity;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  /** The type judged from the bytes (never the client's claim). */
  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  /** jpeg | png | … | pdf | docx | … | text (libs/domain AttachmentKind) */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'size_bytes', type: 'int' })
  sizeBytes!: number;

  /** db | s3: where the bytes are. */
  @Column({ type: 'text' })
  storage!: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ name: 'thumbnail_key', type: 'text', nullable: true })
  thumbnailKey!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/** The bytes of attachments and thumbnails when they are kept in PostgreSQL (the default storage). */
@Entity({ name: 'attachment_blobs' })
export class AttachmentBlobEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_attachment_blobs' })
  key!: string;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
