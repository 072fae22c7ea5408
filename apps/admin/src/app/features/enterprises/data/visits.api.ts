import { Injectable, inject } from '@angular/core';
import type { Page, RecordVisitRequest, ResumptionChange, VisitDto } from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from '../../../core/api/api-client';

/** Visits (走访) of one enterprise. */
@Injectable({ providedIn: 'root' })
export class VisitsApi {
  private readonly api = inject(ApiClient);

  record(enterpriseId: string, body: RecordVisitRequest): Observable<VisitDto> {
    return this.api.call('post', '/api/enterprises/{id}/visits', { path: { id: enterpriseId }, body });
  }

  list(enterpriseId: string, page = 1, pageSize = 20): Observable<Page<VisitDto>> {
    return this.api.call('get', '/api/enterprises/{id}/visits', {
      path: { id: enterpriseId },
      query: { page, pageSize },
    });
  }

  history(enterpriseId: string): Observable<Page<ResumptionChange>> {
    return this.api.call('get', '/api/enterprises/{id}/resumption-history', { path: { id: enterpriseId } });
  }
}
