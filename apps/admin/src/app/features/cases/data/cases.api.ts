import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CaseActionRequest,
  CaseDto,
  CaseListQuery,
  CategoryDto,
  CreateCaseRequest,
  EnterpriseDto,
  Page,
  UserDto,
} from '@taizhang/contracts';
import { Observable, map } from 'rxjs';
import { allPages } from '../../../core/api/all-pages';
import { API_BASE } from '../../../core/api/api-error';
import { toParams } from '../../../core/api/http-params';

@Injectable({ providedIn: 'root' })
export class CasesApi {
  private readonly http = inject(HttpClient);

  list(query: CaseListQuery): Observable<Page<CaseDto>> {
    return this.http.get<Page<CaseDto>>(`${API_BASE}/cases`, { params: toParams(query) });
  }

  get(id: string): Observable<CaseDto> {
    return this.http.get<CaseDto>(`${API_BASE}/cases/${encodeURIComponent(id)}`);
  }

  /** `idempotencyKey`: one per form submission, so a retried POST returns the first case. */
  create(request: CreateCaseRequest, idempotencyKey: string): Observable<CaseDto> {
    return this.http.post<CaseDto>(`${API_BASE}/cases`, request, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }

  act(id: string, request: CaseActionRequest): Observable<CaseDto> {
    return this.http.post<CaseDto>(`${API_BASE}/cases/${encodeURIComponent(id)}/actions`, request);
  }

  searchEnterprises(q: string, pageSize = 10): Observable<Page<EnterpriseDto>> {
    return this.http.get<Page<EnterpriseDto>>(`${API_BASE}/enterprises`, { params: toParams({ q, pageSize }) });
  }

  categories(): Observable<CategoryDto[]> {
    return allPages((page) => this.http.get<Page<CategoryDto>>(`${API_BASE}/categories`, { params: { page, pageSize: 100 } }));
  }

  /** The enabled users of a unit (assignee picker): the first 100 by name (GET /api/users is paged). */
  usersOfUnit(unitId: string): Observable<UserDto[]> {
    return this.http
      .get<Page<UserDto>>(`${API_BASE}/users`, { params: toParams({ unitId, pageSize: 100 }) })
      .pipe(map((page) => page.items));
  }

  /** The ledger as an Excel workbook, same filters as `list`. */
  exportUrl(query: CaseListQuery): string {
    const params = toParams({ ...query, page: undefined, pageSize: undefined }).toString();
    return `${API_BASE}/cases/export.xlsx${params ? `?${params}` : ''}`;
  }

  exportXlsx(query: CaseListQuery): Observable<Blob> {
    return this.http.get(`${API_BASE}/cases/export.xlsx`, {
      params: toParams({ ...query, page: undefined, pageSize: undefined }),
      responseType: 'blob',
    });
  }
}
