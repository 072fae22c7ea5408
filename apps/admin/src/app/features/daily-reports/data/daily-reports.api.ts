import { Injectable, inject } from '@angular/core';
import type {
  DailyFigure,
  DailyReportCaseDto,
  DailyReportDto,
  DailyReportQuery,
  DailyReportTodayDto,
} from '@taizhang/contracts';
import { Observable, map } from 'rxjs';
import { allPages } from '../../../core/api/all-pages';
import { ApiClient } from '../../../core/api/api-client';
import { API_BASE } from '../../../core/api/api-error';

@Injectable({ providedIn: 'root' })
export class DailyReportsApi {
  private readonly api = inject(ApiClient);

  /** Every report of the range (GET /api/daily-reports is paged: every page). */
  list(query: DailyReportQuery): Observable<DailyReportDto[]> {
    return allPages((page) =>
      this.api.call('get', '/api/daily-reports', { query: { ...query, page, pageSize: 1000 } }),
    );
  }

  /** Today's figures of a unit, live. */
  today(unitId: string): Observable<DailyReportTodayDto> {
    return this.api.call('get', '/api/daily-reports/today', { query: { unitId } });
  }

  /** The cases behind one figure of one day (the first 1000). */
  cases(unitId: string, date: string, figure: DailyFigure): Observable<DailyReportCaseDto[]> {
    return this.api
      .call('get', '/api/daily-reports/cases', { query: { unitId, date, figure, pageSize: 1000 } })
      .pipe(map((p) => p.items));
  }

  /** Today (live) and the frozen days of the range, as a workbook. */
  exportXlsx(unitId: string, from: string, to: string): Observable<Blob> {
    return this.api.blob(`${API_BASE}/daily-reports/export.xlsx`, { unitId, from, to });
  }
}
