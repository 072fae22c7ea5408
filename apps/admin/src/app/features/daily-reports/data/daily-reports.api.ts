import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { DailyReportDto, DailyReportQuery } from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { API_BASE } from '../../../core/api/api-error';
import { toParams } from '../../../core/api/http-params';

@Injectable({ providedIn: 'root' })
export class DailyReportsApi {
  private readonly http = inject(HttpClient);

  list(query: DailyReportQuery): Observable<DailyReportDto[]> {
    return this.http.get<DailyReportDto[]>(`${API_BASE}/daily-reports`, { params: toParams(query) });
  }
}
