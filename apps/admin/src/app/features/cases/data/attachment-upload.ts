import type { AttachmentDto } from '@taizhang/contracts';
import { Observable, catchError, concatMap, from, map, of, toArray } from 'rxjs';
import { ATTACHMENT_MAX_BYTES, AttachmentsApi } from './attachments.api';

/** The outcome of one file of a batch. */
export type UploadOutcome =
  | { file: File; ok: true; attachment: AttachmentDto }
  | { file: File; ok: false; tooLarge: boolean; error: unknown };

/**
 * Upload files one after another (a phone's connection carries one at a time better than several), each
 * failure kept with its file rather than stopping the rest. Files over 20 MB are not sent.
 */
export function uploadAll(
  api: AttachmentsApi,
  caseId: string,
  files: readonly File[],
  eventId?: string,
): Observable<UploadOutcome[]> {
  if (!files.length) return of([]);
  return from(files).pipe(
    concatMap((file): Observable<UploadOutcome> => {
      if (file.size > ATTACHMENT_MAX_BYTES) return of({ file, ok: false, tooLarge: true, error: null });
      return api.upload(caseId, file, eventId).pipe(
        map((attachment): UploadOutcome => ({ file, ok: true, attachment })),
        catchError((error: unknown) => of<UploadOutcome>({ file, ok: false, tooLarge: false, error })),
      );
    }),
    toArray(),
  );
}
