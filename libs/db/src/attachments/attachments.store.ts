import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

/** What an upload writes to an `attachments` row. */
export interface NewAttachment {
  id: string;
  caseId: string;
  eventId: string | null;
  uploadedBy: string;
  fileName: string;
  contentType: string;
  kind: string;
  sizeBytes: number;
  storage: string;
  storageKey: string;
  thumbnailKey: string | null;
  note: string | null;
}

/** One `attachments` row, as read (the uploader may have been deleted since). */
export interface AttachmentRow extends Omit<NewAttachment, 'uploadedBy'> {
  uploadedBy: string | null;
  uploaderName: string | null;
  createdAt: Date;
}

/**
 * A condition on a case aliased `c` ("this user may see it") and its positional parameters, built by the
 * API's jurisdiction rule (`caseVisibility` of cases/ledger-filter.ts): the store only applies it.
 */
export type CaseVisibility = (params: unknown[]) => string;

const COLUMNS = `a.id, a.case_id, a.event_id, a.uploaded_by, u.display_name AS uploader_name, a.file_name,
  a.content_type, a.kind, a.size_bytes, a.storage, a.storage_key, a.thumbnail_key, a.note, a.created_at`;

/** An attachments row as COLUMNS reads it. */
interface AttachmentDbRow {
  id: string;
  case_id: string;
  event_id: string | null;
  uploaded_by: string | null;
  uploader_name: string | null;
  file_name: string;
  content_type: string;
  kind: string;
  size_bytes: string | number;
  storage: string;
  storage_key: string;
  thumbnail_key: string | null;
  note: string | null;
  created_at: Date;
}

function toRow(r: AttachmentDbRow): AttachmentRow {
  return {
    id: r.id,
    caseId: r.case_id,
    eventId: r.event_id ?? null,
    uploadedBy: r.uploaded_by ?? null,
    uploaderName: r.uploader_name ?? null,
    fileName: r.file_name,
    contentType: r.content_type,
    kind: r.kind,
    sizeBytes: Number(r.size_bytes),
    storage: r.storage,
    storageKey: r.storage_key,
    thumbnailKey: r.thumbnail_key ?? null,
    note: r.note ?? null,
    createdAt: r.created_at,
  };
}

/** Whether the case exists and the user may see it. */
export async function caseIsVisible(
  db: Queryable,
  caseId: string,
  visible: CaseVisibility,
): Promise<boolean> {
  const params: unknown[] = [caseId];
  const cond = visible(params);
  const rows = await db.query<unknown[]>(`SELECT 1 FROM cases c WHERE c.id = $1 AND ${cond}`, params);
  return rows.length > 0;
}

/** Whether this event belongs to this case. */
export async function eventOfCase(db: Queryable, caseId: string, eventId: string): Promise<boolean> {
  const rows = await db.query<unknown[]>(`SELECT 1 FROM case_events WHERE id = $1 AND case_id = $2`, [
    eventId,
    caseId,
  ]);
  return rows.length > 0;
}

export async function insertAttachment(db: Queryable, a: NewAttachment): Promise<AttachmentRow> {
  await db.query(
    `INSERT INTO attachments (id, case_id, event_id, uploaded_by, file_name, content_type, kind, size_bytes,
                              storage, storage_key, thumbnail_key, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      a.id,
      a.caseId,
      a.eventId,
      a.uploadedBy,
      a.fileName,
      a.contentType,
      a.kind,
      a.sizeBytes,
      a.storage,
      a.storageKey,
      a.thumbnailKey,
      a.note,
    ],
  );
  return (await findAttachment(db, a.id, () => 'TRUE')) as AttachmentRow;
}

/** The attachments of a case, oldest first (the caller has checked the case is visible). */
export async function listAttachments(db: Queryable, caseId: string): Promise<AttachmentRow[]> {
  const rows = await db.query<AttachmentDbRow[]>(
    `SELECT ${COLUMNS} FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by
      WHERE a.case_id = $1 ORDER BY a.created_at, a.id`,
    [caseId],
  );
  return rows.map(toRow);
}

/** One attachment whose case the user may see; null otherwise (a foreign one is "not found"). */
export async function findAttachment(
  db: Queryable,
  id: string,
  visible: CaseVisibility,
): Promise<AttachmentRow | null> {
  const params: unknown[] = [id];
  const cond = visible(params);
  const [row] = await db.query<AttachmentDbRow[]>(
    `SELECT ${COLUMNS} FROM attachments a JOIN cases c ON c.id = a.case_id LEFT JOIN users u ON u.id = a.uploaded_by
      WHERE a.id = $1 AND ${cond}`,
    params,
  );
  return row ? toRow(row) : null;
}
