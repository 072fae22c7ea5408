import { Injectable, inject } from '@angular/core';
import type { DailyReportDto, DailyReportQuery } from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { allPages } from '../../../core/api/all-pages';
import { ApiClient } from '../../../core/api/api-client';

@Injectable({ providedIn: 'root' })
export class DailyReportsApi {
  private readonly api = inject(ApiClient);

  /** Every report of the range (GET /api/daily-reports is paged: every page). */
  list(query: DailyReportQuery): Observable<DailyReportDto[]> {
    return allPages((page) =>
      this.api.call('get', '/api/daily-reports', { query: { ...query, page, pageSize: 1000 } }),
    );
  }
}
