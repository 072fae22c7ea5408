import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type AttachmentDto, type Page, urlOf } from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from '../../../core/api/api-client';

/** The most a case attachment may have (the API answers 413 beyond it). */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
/** What the pickers offer (the API judges the bytes; this only narrows the phone's chooser). */
export const ATTACHMENT_ACCEPT =
  'image/*,application/pdf,text/plain,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt,.heic';

/** Files on a case: list, upload (multipart), and the bytes (the interceptor adds the Bearer token). */
@Injectable({ providedIn: 'root' })
export class AttachmentsApi {
  private readonly http = inject(HttpClient);
  private readonly api = inject(ApiClient);

  list(caseId: string): Observable<Page<AttachmentDto>> {
    return this.api.call('get', '/api/cases/{id}/attachments', {
      path: { id: caseId },
      query: { pageSize: 200 },
    });
  }

  /** `eventId`: the step of the case the file goes with (a comment, a resolution, …). */
  upload(caseId: string, file: File, eventId?: string): Observable<AttachmentDto> {
    const form = new FormData();
    form.append('file', file, file.name);
    if (eventId) form.append('eventId', eventId);
    return this.http.post<AttachmentDto>(
      urlOf('/api/cases/{id}/attachments', { path: { id: caseId } }),
      form,
    );
  }

  file(id: string): Observable<Blob> {
    return this.api.blob(urlOf('/api/attachments/{id}', { path: { id } }));
  }

  thumbnail(id: string): Observable<Blob> {
    return this.api.blob(urlOf('/api/attachments/{id}/thumbnail', { path: { id } }));
  }
}
