import { Injectable, inject } from '@angular/core';
import type { DashboardSummary, Scorecard } from '@taizhang/contracts';
import { Observable, catchError, from } from 'rxjs';
import { ApiClient } from '../../../core/api/api-client';
import { API_BASE } from '../../../core/api/api-error';
import { takeEarlyRequest } from '../../../core/api/early-request';
import { AuthService } from '../../../core/auth/auth.service';

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
  private readonly api = inject(ApiClient);
  private readonly auth = inject(AuthService);

  /**
   * The figures. The first answer may be one the page asked for before the app had started
   * (apps/admin/src/early-requests.js: same URL, same token); when that one is not a good answer, it is asked
   * again here, so errors (a 401 ending the session, a problem's message) are handled as for any call.
   */
  summary(p: RangeParams = {}): Observable<DashboardSummary> {
    const q = query(p);
    const ask = this.api.call('get', '/api/dashboard/summary', { query: q });
    const early = takeEarlyRequest(
      `${API_BASE}/dashboard/summary?${new URLSearchParams(q).toString()}`,
      this.auth.token(),
    );
    if (!early) return ask;
    return from(
      early.then((res) =>
        res.ok
          ? (res.json() as Promise<DashboardSummary>)
          : Promise.reject(new Error(`early summary request answered ${res.status}`)),
      ),
    ).pipe(catchError(() => ask));
  }

  /** 考核排名: one row per town and bureau below the unit. */
  scorecard(p: RangeParams = {}): Observable<Scorecard> {
    return this.api.call('get', '/api/dashboard/scorecard', { query: query(p) });
  }

  scorecardXlsx(p: RangeParams = {}): Observable<Blob> {
    return this.api.blob(`${API_BASE}/dashboard/scorecard.xlsx`, query(p));
  }

  /** The ledger of a unit (default: the caller's jurisdiction) as an Excel workbook; the interceptor adds the token. */
  exportXlsx(unitId?: string | null): Observable<Blob> {
    return this.api.blob(`${API_BASE}/cases/export.xlsx`, { unitId });
  }
}
