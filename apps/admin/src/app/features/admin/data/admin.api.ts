import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AuditLogEntryDto,
  AuditLogQuery,
  CategoryDto,
  CreateCategoryRequest,
  CreateUnitRequest,
  CreateUserRequest,
  DeadlinePolicyDto,
  JobDto,
  PutDeadlinePoliciesRequest,
  PutRoutingRulesRequest,
  Page,
  PutWorkCalendarRequest,
  RoutingRuleDto,
  UnitDto,
  UnitSearchQuery,
  UpdateCategoryRequest,
  UpdateUnitRequest,
  UpdateUserRequest,
  UserDto,
  UserListQuery,
  WorkCalendarDto,
} from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { allPages } from '../../../core/api/all-pages';
import { API_BASE } from '../../../core/api/api-error';
import { toParams } from '../../../core/api/http-params';

/** One job of `GET /api/admin/jobs`. */
export type AdminJob = JobDto;
export type AdminJobsPage = Page<JobDto>;

@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  /** The whole unit tree (GET /api/units is paged: every page). */
  units(): Observable<UnitDto[]> {
    return allPages((page) =>
      this.http.get<Page<UnitDto>>(`${API_BASE}/units`, { params: { page, pageSize: 1000 } }),
    );
  }
  createUnit(request: CreateUnitRequest): Observable<UnitDto> {
    return this.http.post<UnitDto>(`${API_BASE}/units`, request);
  }
  updateUnit(id: string, request: UpdateUnitRequest): Observable<UnitDto> {
    return this.http.patch<UnitDto>(`${API_BASE}/units/${encodeURIComponent(id)}`, request);
  }
  /** One page of units by name or code (pickers). */
  searchUnits(query: UnitSearchQuery): Observable<Page<UnitDto>> {
    return this.http.get<Page<UnitDto>>(`${API_BASE}/units/search`, { params: toParams({ ...query }) });
  }
  users(query: UserListQuery = {}): Observable<Page<UserDto>> {
    return this.http.get<Page<UserDto>>(`${API_BASE}/users`, { params: toParams({ ...query }) });
  }
  createUser(request: CreateUserRequest): Observable<UserDto> {
    return this.http.post<UserDto>(`${API_BASE}/users`, request);
  }
  updateUser(id: string, request: UpdateUserRequest): Observable<UserDto> {
    return this.http.patch<UserDto>(`${API_BASE}/users/${encodeURIComponent(id)}`, request);
  }
  resetPassword(id: string, newPassword: string): Observable<UserDto> {
    return this.http.post<UserDto>(`${API_BASE}/users/${encodeURIComponent(id)}/reset-password`, {
      newPassword,
    });
  }
  auditLog(query: AuditLogQuery): Observable<Page<AuditLogEntryDto>> {
    return this.http.get<Page<AuditLogEntryDto>>(`${API_BASE}/audit-log`, { params: toParams({ ...query }) });
  }
  categories(): Observable<CategoryDto[]> {
    return allPages((page) =>
      this.http.get<Page<CategoryDto>>(`${API_BASE}/categories`, { params: { page, pageSize: 100 } }),
    );
  }
  createCategory(request: CreateCategoryRequest): Observable<CategoryDto> {
    return this.http.post<CategoryDto>(`${API_BASE}/categories`, request);
  }
  updateCategory(code: string, request: UpdateCategoryRequest): Observable<CategoryDto> {
    return this.http.patch<CategoryDto>(`${API_BASE}/categories/${encodeURIComponent(code)}`, request);
  }
  routingRules(): Observable<RoutingRuleDto[]> {
    return this.http.get<RoutingRuleDto[]>(`${API_BASE}/routing-rules`);
  }
  putRoutingRules(request: PutRoutingRulesRequest): Observable<RoutingRuleDto[]> {
    return this.http.put<RoutingRuleDto[]>(`${API_BASE}/routing-rules`, request);
  }
  deadlinePolicies(): Observable<DeadlinePolicyDto[]> {
    return this.http.get<DeadlinePolicyDto[]>(`${API_BASE}/deadline-policies`);
  }
  putDeadlinePolicies(request: PutDeadlinePoliciesRequest): Observable<DeadlinePolicyDto[]> {
    return this.http.put<DeadlinePolicyDto[]>(`${API_BASE}/deadline-policies`, request);
  }
  calendar(): Observable<WorkCalendarDto> {
    return this.http.get<WorkCalendarDto>(`${API_BASE}/calendar`);
  }
  putCalendar(request: PutWorkCalendarRequest): Observable<WorkCalendarDto> {
    return this.http.put<WorkCalendarDto>(`${API_BASE}/calendar`, request);
  }
  failedJobs(page = 1, pageSize = 50): Observable<AdminJobsPage> {
    return this.http.get<AdminJobsPage>(`${API_BASE}/admin/jobs`, {
      params: toParams({ state: 'failed', page, pageSize }),
    });
  }
  retryJob(queue: string, id: string): Observable<{ retried: true }> {
    return this.http.post<{ retried: true }>(
      `${API_BASE}/admin/jobs/${encodeURIComponent(queue)}/${encodeURIComponent(id)}/retry`,
      {},
    );
  }
}
