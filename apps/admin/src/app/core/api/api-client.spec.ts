import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { ApiClient } from './api-client';

describe(ApiClient.name, () => {
  let api: ApiClient;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(ApiClient);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('fills the path parameters (encoded), sends the body and headers, and answers the body', async () => {
    const answer = firstValueFrom(
      api.call('post', '/api/cases/{id}/actions', {
        path: { id: 'a/b c' },
        body: { action: 'accept', version: 3 },
        headers: { 'Idempotency-Key': 'k1' },
      }),
    );
    const req = http.expectOne('/api/cases/a%2Fb%20c/actions');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ action: 'accept', version: 3 });
    expect(req.request.headers.get('Idempotency-Key')).toBe('k1');
    req.flush({ id: 'x', version: 4 });
    expect(await answer).toEqual({ id: 'x', version: 4 });
  });

  it('sends the query without empty values, a list as one comma-separated value', () => {
    api.call('get', '/api/cases', { query: { status: ['open', 'escalated'], q: '', page: 2 } }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/cases');
    expect(req.request.method).toBe('GET');
    expect(req.request.params.toString()).toBe('status=open,escalated&page=2');
    req.flush({ items: [], total: 0, page: 2, pageSize: 20 });
  });

  it('fetches a file as a blob, without the empty query values', async () => {
    const file = firstValueFrom(api.blob('/api/visits/export.xlsx', { unitId: null, from: '2026-03-01' }));
    const req = http.expectOne((r) => r.url === '/api/visits/export.xlsx');
    expect(req.request.method).toBe('GET');
    expect(req.request.responseType).toBe('blob');
    expect(req.request.params.toString()).toBe('from=2026-03-01');
    req.flush(new Blob(['x']));
    expect(await file).toBeInstanceOf(Blob);
  });
});
