import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  caseVisibility,
  AttachmentRow,
  AttachmentStorage,
  caseIsVisible,
  eventOfCase,
  findAttachment,
  insertAttachment,
  listAttachments,
} from '@taizhang/db';
import { ATTACHMENT_MAX_BYTES, AttachmentKind, checkAttachment, cleanFileName } from '@taizhang/domain';
import type { Page } from '@taizhang/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError, fromRefusal } from '../../core/errors';
import { pageOf } from '../../core/page';
import { refuseNul } from '../../core/validation';
import type { Attachment } from './dto/attachment.response';
import type { Upload } from './multipart';

/** Injection token of the configured AttachmentStorage. */
export const ATTACHMENT_STORAGE = Symbol('ATTACHMENT_STORAGE');

/** Thumbnails for the phone list: JPEG, at most 320 px on the longer side. */
export const THUMBNAIL_PX = 320;
const NOTE_MAX = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Images larger than this many pixels get no thumbnail (a decompression bomb is not decoded). */
const THUMBNAIL_MAX_PIXELS = 60_000_000;

export { ATTACHMENT_MAX_BYTES };

export function toAttachment(r: AttachmentRow): Attachment {
  return {
    id: r.id,
    caseId: r.caseId,
    eventId: r.eventId,
    fileName: r.fileName,
    contentType: r.contentType,
    kind: r.kind as AttachmentKind,
    size: r.sizeBytes,
    hasThumbnail: r.thumbnailKey !== null,
    note: r.note,
    uploadedBy: r.uploadedBy,
    uploaderName: r.uploaderName,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Files on a case: checked by content (libs/domain), kept in the configured storage, read back only by users
 * who may see the case (a foreign case or attachment is a 404).
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger(AttachmentsService.name);

  constructor(
    private readonly ds: DataSource,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
  ) {}

  private visibleTo(user: AuthUser) {
    return (params: unknown[]) => caseVisibility(user, params);
  }

  /** 404 unless the case exists and the user may see it. */
  async requireCase(user: AuthUser, caseId: string): Promise<void> {
    if (!(await caseIsVisible(this.ds, caseId, this.visibleTo(user)))) {
      throw new ApiError('CASE.NOT_FOUND', 'No case with this id in your jurisdiction');
    }
  }

  async upload(user: AuthUser, caseId: string, upload: Upload): Promise<Attachment> {
    await this.requireCase(user, caseId);
    refuseNul(upload.fields, 'fields'); // the form's text fields do not pass the validation pipe
    const eventId = upload.fields['eventId']?.trim() || null;
    if (eventId && (!UUID.test(eventId) || !(await eventOfCase(this.ds, caseId, eventId)))) {
      throw ApiError.invalid('eventId', 'must be the id of an event of this case');
    }
    const note = upload.fields['note']?.trim() || null;
    if (note && [...note].length > NOTE_MAX)
      throw ApiError.invalid('note', `must be at most ${NOTE_MAX} characters`);
    const checked = checkAttachment(upload.data);
    if (!checked.ok) {
      if (checked.code === 'ATTACHMENT.EMPTY') throw ApiError.invalid('file', 'is empty');
      if (checked.code === 'ATTACHMENT.TOO_LARGE') throw new ApiError('REQUEST.TOO_LARGE', checked.message);
      if (checked.code === 'ATTACHMENT.TYPE_NOT_ALLOWED')
        throw new ApiError('REQUEST.UNSUPPORTED_MEDIA_TYPE', checked.message);
      throw fromRefusal(checked);
    }
    const id = randomUUID();
    const key = `cases/${caseId}/${id}`;
    const thumbnail = checked.image ? await this.thumbnail(upload.data) : null;
    await this.storage.put(key, upload.data, checked.contentType);
    if (thumbnail) await this.storage.put(`${key}.thumb.jpg`, thumbnail, 'image/jpeg');
    try {
      const row = await insertAttachment(this.ds, {
        id,
        caseId,
        eventId,
        uploadedBy: user.id,
        fileName: cleanFileName(upload.fileName),
        contentType: checked.contentType,
        kind: checked.kind,
        sizeBytes: upload.data.length,
        storage: this.storage.name,
        storageKey: key,
        thumbnailKey: thumbnail ? `${key}.thumb.jpg` : null,
        note,
      });
      return toAttachment(row);
    } catch (e) {
      // no row, no bytes: the storage keeps nothing nobody can reach
      await this.storage.delete(key).catch(() => undefined);
      if (thumbnail) await this.storage.delete(`${key}.thumb.jpg`).catch(() => undefined);
      throw e;
    }
  }

  /** A JPEG of at most THUMBNAIL_PX, turned upright; null when the image cannot be decoded here (e.g. HEIC). */
  private async thumbnail(data: Buffer): Promise<Buffer | null> {
    try {
      // loaded on first use (~0.3 s): the API starts without it
      const sharp = (await import('sharp')).default;
      return await sharp(data, { limitInputPixels: THUMBNAIL_MAX_PIXELS, failOn: 'error' })
        .rotate()
        .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 75 })
        .toBuffer();
    } catch (e) {
      this.logger.debug(`no thumbnail: ${(e as Error).message}`);
      return null;
    }
  }

  async list(
    user: AuthUser,
    caseId: string,
    q: { page?: number; pageSize?: number },
  ): Promise<Page<Attachment>> {
    await this.requireCase(user, caseId);
    const rows = await listAttachments(this.ds, caseId);
    return pageOf(rows.map(toAttachment), q, 100);
  }

  async find(user: AuthUser, id: string): Promise<AttachmentRow> {
    const row = await findAttachment(this.ds, id, this.visibleTo(user));
    if (!row) throw ApiError.notFound('Attachment');
    return row;
  }

  /** The bytes of an attachment (or of its thumbnail). */
  async bytes(row: AttachmentRow, which: 'file' | 'thumbnail'): Promise<Buffer> {
    const key = which === 'file' ? row.storageKey : row.thumbnailKey;
    if (!key) throw new ApiError('REQUEST.NOT_FOUND', 'This attachment has no thumbnail');
    const data = await this.storage.get(key);
    if (!data) {
      this.logger.error(`attachment ${row.id}: no bytes under ${key} in storage ${this.storage.name}`);
      throw new ApiError('REQUEST.NOT_FOUND', 'The file of this attachment is missing');
    }
    return data;
  }
}
