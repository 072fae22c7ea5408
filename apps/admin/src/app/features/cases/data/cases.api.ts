import { Injectable, inject } from '@angular/core';
import type {
  AssigneeDto,
  BulkActionResultsDto,
  BulkCaseActionRequest,
  EscalationTargetDto,
  CaseActionRequest,
  CaseDto,
  CaseListQuery,
  CategoryDto,
  ConfirmationLinkDto,
  CreateCaseRequest,
  EnterpriseDto,
  Page,
  SimilarCaseDto,
  SimilarCasesRequest,
  UserDto,
} from '@taizhang/contracts';
import { Observable, map } from 'rxjs';
import { allPages } from '../../../core/api/all-pages';
import { ApiClient } from '../../../core/api/api-client';
import { API_BASE } from '../../../core/api/api-error';
import { toParams } from '../../../core/api/http-params';

@Injectable({ providedIn: 'root' })
export class CasesApi {
  private readonly api = inject(ApiClient);

  list(query: CaseListQuery): Observable<Page<CaseDto>> {
    return this.api.call('get', '/api/cases', { query });
  }

  get(id: string): Observable<CaseDto> {
    return this.api.call('get', '/api/cases/{id}', { path: { id } });
  }

  /** `idempotencyKey`: one per form submission, so a retried POST returns the first case. */
  create(request: CreateCaseRequest, idempotencyKey: string): Observable<CaseDto> {
    return this.api.call('post', '/api/cases', {
      body: request,
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  }

  act(id: string, request: CaseActionRequest): Observable<CaseDto> {
    return this.api.call('post', '/api/cases/{id}/actions', { path: { id }, body: request });
  }

  /** A one-time link (and QR code) for the enterprise's contact to confirm the resolved case. */
  confirmationLink(id: string, sendSms = false): Observable<ConfirmationLinkDto> {
    return this.api.call('post', '/api/cases/{id}/confirmation-link', { path: { id }, body: { sendSms } });
  }

  enterprise(id: string): Observable<EnterpriseDto> {
    return this.api.call('get', '/api/enterprises/{id}', { path: { id } });
  }

  /** 共性问题: similar pending cases for a case being opened. */
  similarForNew(request: SimilarCasesRequest): Observable<SimilarCaseDto[]> {
    return this.api.call('post', '/api/cases/similar', { body: request }).pipe(map((page) => page.items));
  }

  /** 共性问题: similar pending cases of a case. */
  similar(id: string): Observable<SimilarCaseDto[]> {
    return this.api
      .call('get', '/api/cases/{id}/similar', { path: { id }, query: {} })
      .pipe(map((page) => page.items));
  }

  /** POST /api/cases/bulk-actions: assign or urge many cases; one result per case. */
  bulk(request: BulkCaseActionRequest): Observable<BulkActionResultsDto> {
    return this.api.call('post', '/api/cases/bulk-actions', { body: request });
  }

  /** Where an escalation would send the case (the escalate dialog names it before confirming). */
  escalationTarget(id: string): Observable<EscalationTargetDto> {
    return this.api.call('get', '/api/cases/{id}/escalation-target', { path: { id } });
  }

  /** The assignee picker: people of the unit matching `q`, each with his open cases. */
  assignees(unitId: string, q: string): Observable<AssigneeDto[]> {
    return this.api
      .call('get', '/api/units/{id}/assignees', {
        path: { id: unitId },
        query: { q: q.trim() || undefined, pageSize: 50 },
      })
      .pipe(map((page) => page.items));
  }

  searchEnterprises(q: string, pageSize = 10): Observable<Page<EnterpriseDto>> {
    return this.api.call('get', '/api/enterprises', { query: { q, pageSize } });
  }

  categories(): Observable<CategoryDto[]> {
    return allPages((page) => this.api.call('get', '/api/categories', { query: { page, pageSize: 100 } }));
  }

  /** The enabled users of a unit (assignee picker): the first 100 by name (GET /api/users is paged). */
  usersOfUnit(unitId: string): Observable<UserDto[]> {
    return this.api
      .call('get', '/api/users', { query: { unitId, pageSize: 100 } })
      .pipe(map((page) => page.items));
  }

  /** The ledger as an Excel workbook, same filters as `list`. */
  exportUrl(query: CaseListQuery): string {
    const params = toParams({ ...query, page: undefined, pageSize: undefined }).toString();
    return `${API_BASE}/cases/export.xlsx${params ? `?${params}` : ''}`;
  }

  exportXlsx(query: CaseListQuery): Observable<Blob> {
    return this.api.blob(`${API_BASE}/cases/export.xlsx`, { ...query, page: undefined, pageSize: undefined });
  }
}
