import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { References, UuidColumn } from './columns';
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

  @UuidColumn('case_id')
  caseId!: string;

  @References(() => CaseEntity, 'case_id', 'fk_attachments_case_id', { onDelete: 'CASCADE', nullable: false })
  case?: CaseEntity;

  /** The case event (comment, resolve, …) the file was sent with, if any. */
  @UuidColumn('event_id', { nullable: true })
  eventId!: string | null;

  @References(() => CaseEventEntity, 'event_id', 'fk_attachments_event_id', {
    onDelete: 'SET NULL',
    nullable: true,
  })
  event?: CaseEventEntity;

  @UuidColumn('uploaded_by', { nullable: true })
  uploadedBy!: string | null;

  @References(() => UserEntity, 'uploaded_by', 'fk_attachments_uploaded_by', {
    onDelete: 'SET NULL',
    nullable: true,
  })
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
