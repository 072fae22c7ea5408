import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { DailyReportDto, DailyReportQuery, Page } from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { allPages } from '../../../core/api/all-pages';
import { API_BASE } from '../../../core/api/api-error';
import { toParams } from '../../../core/api/http-params';

@Injectable({ providedIn: 'root' })
export class DailyReportsApi {
  private readonly http = inject(HttpClient);

  /** Every report of the range (GET /api/daily-reports is paged: every page). */
  list(query: DailyReportQuery): Observable<DailyReportDto[]> {
    return allPages((page) =>
      this.http.get<Page<DailyReportDto>>(`${API_BASE}/daily-reports`, { params: toParams({ ...query, page, pageSize: 1000 }) }),
    );
  }
}
