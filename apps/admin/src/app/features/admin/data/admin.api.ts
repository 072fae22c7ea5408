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
import { ApiClient } from '../../../core/api/api-client';

/** One job of `GET /api/admin/jobs`. */
export type AdminJob = JobDto;
export type AdminJobsPage = Page<JobDto>;

@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly api = inject(ApiClient);

  /** The whole unit tree (GET /api/units is paged: every page). */
  units(): Observable<UnitDto[]> {
    return allPages((page) => this.api.call('get', '/api/units', { query: { page, pageSize: 1000 } }));
  }
  createUnit(request: CreateUnitRequest): Observable<UnitDto> {
    return this.api.call('post', '/api/units', { body: request });
  }
  updateUnit(id: string, request: UpdateUnitRequest): Observable<UnitDto> {
    return this.api.call('patch', '/api/units/{id}', { path: { id }, body: request });
  }
  /** One page of units by name or code (pickers). */
  searchUnits(query: UnitSearchQuery): Observable<Page<UnitDto>> {
    return this.api.call('get', '/api/units/search', { query });
  }
  users(query: UserListQuery = {}): Observable<Page<UserDto>> {
    return this.api.call('get', '/api/users', { query });
  }
  createUser(request: CreateUserRequest): Observable<UserDto> {
    return this.api.call('post', '/api/users', { body: request });
  }
  updateUser(id: string, request: UpdateUserRequest): Observable<UserDto> {
    return this.api.call('patch', '/api/users/{id}', { path: { id }, body: request });
  }
  resetPassword(id: string, newPassword: string): Observable<UserDto> {
    return this.api.call('post', '/api/users/{id}/reset-password', { path: { id }, body: { newPassword } });
  }
  auditLog(query: AuditLogQuery): Observable<Page<AuditLogEntryDto>> {
    return this.api.call('get', '/api/audit-log', { query });
  }
  categories(): Observable<CategoryDto[]> {
    return allPages((page) => this.api.call('get', '/api/categories', { query: { page, pageSize: 100 } }));
  }
  createCategory(request: CreateCategoryRequest): Observable<CategoryDto> {
    return this.api.call('post', '/api/categories', { body: request });
  }
  updateCategory(code: string, request: UpdateCategoryRequest): Observable<CategoryDto> {
    return this.api.call('patch', '/api/categories/{code}', { path: { code }, body: request });
  }
  routingRules(): Observable<RoutingRuleDto[]> {
    return this.api.call('get', '/api/routing-rules', {});
  }
  putRoutingRules(request: PutRoutingRulesRequest): Observable<RoutingRuleDto[]> {
    return this.api.call('put', '/api/routing-rules', { body: request });
  }
  deadlinePolicies(): Observable<DeadlinePolicyDto[]> {
    return this.api.call('get', '/api/deadline-policies', {});
  }
  putDeadlinePolicies(request: PutDeadlinePoliciesRequest): Observable<DeadlinePolicyDto[]> {
    return this.api.call('put', '/api/deadline-policies', { body: request });
  }
  calendar(): Observable<WorkCalendarDto> {
    return this.api.call('get', '/api/calendar', {});
  }
  putCalendar(request: PutWorkCalendarRequest): Observable<WorkCalendarDto> {
    return this.api.call('put', '/api/calendar', { body: request });
  }
  failedJobs(page = 1, pageSize = 50): Observable<AdminJobsPage> {
    return this.api.call('get', '/api/admin/jobs', { query: { state: 'failed', page, pageSize } });
  }
  retryJob(queue: string, id: string): Observable<{ retried: true }> {
    return this.api.call('post', '/api/admin/jobs/{queue}/{id}/retry', { path: { queue, id } });
  }
}
