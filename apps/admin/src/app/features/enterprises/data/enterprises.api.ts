import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateEnterpriseRequest,
  EnterpriseDto,
  EnterpriseListQuery,
  Page,
  UpdateEnterpriseRequest,
} from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { API_BASE } from '../../../core/api/api-error';
import { toParams } from '../../../core/api/http-params';

export type EnterpriseQuery = EnterpriseListQuery;

@Injectable({ providedIn: 'root' })
export class EnterprisesApi {
  private readonly http = inject(HttpClient);

  list(query: EnterpriseQuery): Observable<Page<EnterpriseDto>> {
    return this.http.get<Page<EnterpriseDto>>(`${API_BASE}/enterprises`, { params: toParams(query) });
  }

  create(request: CreateEnterpriseRequest): Observable<EnterpriseDto> {
    return this.http.post<EnterpriseDto>(`${API_BASE}/enterprises`, request);
  }

  update(id: string, request: UpdateEnterpriseRequest): Observable<EnterpriseDto> {
    return this.http.patch<EnterpriseDto>(`${API_BASE}/enterprises/${encodeURIComponent(id)}`, request);
  }
}
