import { Injectable, inject } from '@angular/core';
import type { VisitsDashboard } from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from '../../../core/api/api-client';
import { API_BASE } from '../../../core/api/api-error';

/** The manager's visits figures (走访) and the visit ledger as Excel. */
@Injectable({ providedIn: 'root' })
export class VisitsDashboardApi {
  private readonly api = inject(ApiClient);

  figures(unitId?: string | null): Observable<VisitsDashboard> {
    return this.api.call('get', '/api/dashboard/visits', { query: unitId ? { unitId } : {} });
  }

  exportXlsx(unitId?: string | null): Observable<Blob> {
    return this.api.blob(`${API_BASE}/visits/export.xlsx`, { unitId });
  }
}
