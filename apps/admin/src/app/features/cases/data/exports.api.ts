import { Injectable, inject } from '@angular/core';
import type { CreateExportRequest, ExportDto } from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from '../../../core/api/api-client';
import { API_BASE } from '../../../core/api/api-error';

/** Excel exports built by the worker: start one, follow it, fetch the file (the interceptor adds the Bearer token). */
@Injectable({ providedIn: 'root' })
export class ExportsApi {
  private readonly api = inject(ApiClient);

  create(request: CreateExportRequest): Observable<ExportDto> {
    return this.api.call('post', '/api/exports', { body: request });
  }

  get(id: string): Observable<ExportDto> {
    return this.api.call('get', '/api/exports/{id}', { path: { id } });
  }

  download(id: string): Observable<Blob> {
    return this.api.blob(`${API_BASE}/exports/${encodeURIComponent(id)}/download`);
  }
}
