import { Injectable, inject } from '@angular/core';
import type {
  CreateEnterpriseRequest,
  EnterpriseDto,
  EnterpriseListQuery,
  Page,
  UpdateEnterpriseRequest,
} from '@taizhang/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from '../../../core/api/api-client';

export type EnterpriseQuery = EnterpriseListQuery;

@Injectable({ providedIn: 'root' })
export class EnterprisesApi {
  private readonly api = inject(ApiClient);

  list(query: EnterpriseQuery): Observable<Page<EnterpriseDto>> {
    return this.api.call('get', '/api/enterprises', { query });
  }

  get(id: string): Observable<EnterpriseDto> {
    return this.api.call('get', '/api/enterprises/{id}', { path: { id } });
  }

  create(request: CreateEnterpriseRequest): Observable<EnterpriseDto> {
    return this.api.call('post', '/api/enterprises', { body: request });
  }

  update(id: string, request: UpdateEnterpriseRequest): Observable<EnterpriseDto> {
    return this.api.call('patch', '/api/enterprises/{id}', { path: { id }, body: request });
  }
}
