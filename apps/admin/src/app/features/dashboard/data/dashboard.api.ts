import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { DashboardSummary } from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from '../../../core/api/api-client';
import { API_BASE } from '../../../core/api/api-error';

@Injectable({ providedIn: 'root' })
export class DashboardApi {
  private readonly http = inject(HttpClient);
  private readonly api = inject(ApiClient);

  summary(unitId?: string | null): Observable<DashboardSummary> {
    return this.api.call('get', '/api/dashboard/summary', { query: unitId ? { unitId } : {} });
  }

  /** The ledger of a unit (default: the caller's jurisdiction) as an Excel workbook; the interceptor adds the token. */
  exportXlsx(unitId?: string | null): Observable<Blob> {
    const params = unitId ? new HttpParams().set('unitId', unitId) : undefined;
    return this.http.get(`${API_BASE}/cases/export.xlsx`, { params, responseType: 'blob' });
  }
}
