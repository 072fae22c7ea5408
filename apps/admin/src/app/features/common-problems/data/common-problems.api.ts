import { Injectable, inject } from '@angular/core';
import type {
  CaseActionRequest,
  CaseDto,
  CommonProblemDetailDto,
  CommonProblemDto,
  CommonProblemListQuery,
  CreateCommonProblemRequest,
  Page,
} from '@taizhang/contracts';
import { PENDING_STATUSES } from '@taizhang/contracts';
import { Observable, map } from 'rxjs';
import { ApiClient } from '../../../core/api/api-client';

/** 共性问题 over the typed API client. */
@Injectable({ providedIn: 'root' })
export class CommonProblemsApi {
  private readonly api = inject(ApiClient);

  list(query: CommonProblemListQuery): Observable<Page<CommonProblemDto>> {
    return this.api.call('get', '/api/common-problems', { query });
  }

  get(id: string): Observable<CommonProblemDetailDto> {
    return this.api.call('get', '/api/common-problems/{id}', { path: { id } });
  }

  create(request: CreateCommonProblemRequest): Observable<CommonProblemDetailDto> {
    return this.api.call('post', '/api/common-problems', { body: request });
  }

  addMembers(id: string, caseIds: string[]): Observable<CommonProblemDetailDto> {
    return this.api.call('post', '/api/common-problems/{id}/members', { path: { id }, body: { caseIds } });
  }

  removeMember(id: string, caseId: string): Observable<CommonProblemDetailDto> {
    return this.api.call('delete', '/api/common-problems/{id}/members/{caseId}', { path: { id, caseId } });
  }

  act(id: string, request: Omit<CaseActionRequest, 'version'>): Observable<CommonProblemDetailDto> {
    return this.api.call('post', '/api/common-problems/{id}/actions', { path: { id }, body: request });
  }

  /** Pending cases of the ledger matching `q` (ledger no., title or enterprise), to pick members from. */
  searchPending(q: string): Observable<CaseDto[]> {
    return this.api
      .call('get', '/api/cases', {
        query: { q: q || undefined, status: [...PENDING_STATUSES], pageSize: 20 },
      })
      .pipe(map((page) => page.items));
  }
}
