import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { DashboardSummary, Scorecard } from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from '../../../core/api/api-client';
import { API_BASE } from '../../../core/api/api-error';

/** A unit and a range of local days (YYYY-MM-DD, inclusive); empty values are left out. */
export interface RangeParams {
  unitId?: string | null;
  from?: string | null;
  to?: string | null;
}

function query(p: RangeParams): { unitId?: string; from?: string; to?: string } {
  return {
    ...(p.unitId ? { unitId: p.unitId } : {}),
    ...(p.from ? { from: p.from } : {}),
    ...(p.to ? { to: p.to } : {}),
  };
}

@Injectable({ providedIn: 'root' })
export class DashboardApi {
  private readonly http = inject(HttpClient);
  private readonly api = inject(ApiClient);

  summary(p: RangeParams = {}): Observable<DashboardSummary> {
    return this.api.call('get', '/api/dashboard/summary', { query: query(p) });
  }

  /** 考核排名: one row per town and bureau below the unit. */
  scorecard(p: RangeParams = {}): Observable<Scorecard> {
    return this.api.call('get', '/api/dashboard/scorecard', { query: query(p) });
  }

  scorecardXlsx(p: RangeParams = {}): Observable<Blob> {
    return this.http.get(`${API_BASE}/dashboard/scorecard.xlsx`, {
      params: new HttpParams({ fromObject: query(p) }),
      responseType: 'blob',
    });
  }

  /** The ledger of a unit (default: the caller's jurisdiction) as an Excel workbook; the interceptor adds the token. */
  exportXlsx(unitId?: string | null): Observable<Blob> {
    const params = unitId ? new HttpParams().set('unitId', unitId) : undefined;
    return this.http.get(`${API_BASE}/cases/export.xlsx`, { params, responseType: 'blob' });
  }
}
