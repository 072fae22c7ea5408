import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { DashboardApi } from './dashboard.api';

type WithEarly = { __tzEarly?: { url: string; token: string; response: Promise<Response> }[] };
const URL = '/api/dashboard/summary?unitId=u1&from=2026-11-01&to=2026-11-30';
const RANGE = { unitId: 'u1', from: '2026-11-01', to: '2026-11-30' };

describe(DashboardApi.name, () => {
  const g = globalThis as WithEarly;
  let api: DashboardApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AuthService, useValue: { token: () => 'tok' } },
      ],
    });
    api = TestBed.inject(DashboardApi);
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    delete g.__tzEarly;
    http.verify();
  });

  it('takes the summary the page asked for before the app started (same URL and token): no second request', async () => {
    const body = { total: 7 };
    g.__tzEarly = [
      {
        url: URL,
        token: 'tok',
        response: Promise.resolve({ ok: true, json: () => Promise.resolve(body) } as Response),
      },
    ];
    expect(await firstValueFrom(api.summary(RANGE))).toEqual(body);
    http.expectNone(() => true);
  });

  it('asks again the usual way when the early answer is not a good one', async () => {
    g.__tzEarly = [{ url: URL, token: 'tok', response: Promise.resolve({ ok: false } as Response) }];
    const answer = firstValueFrom(api.summary(RANGE));
    // the early answer is a promise: the usual request starts once it has been looked at
    await new Promise((r) => setTimeout(r, 0));
    const req = http.expectOne((r) => r.url === '/api/dashboard/summary');
    expect(req.request.params.toString()).toBe('unitId=u1&from=2026-11-01&to=2026-11-30');
    req.flush({ total: 3 });
    expect(await answer).toEqual({ total: 3 });
  });

  it('asks the usual way when there is no early answer for this URL', () => {
    g.__tzEarly = [{ url: URL, token: 'tok', response: Promise.resolve({ ok: true } as Response) }];
    api.summary({ ...RANGE, unitId: 'u2' }).subscribe();
    http.expectOne((r) => r.url === '/api/dashboard/summary').flush({ total: 0 });
  });
});
