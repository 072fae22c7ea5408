import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Observable, firstValueFrom } from 'rxjs';
import { ApiError } from '../api/api-error';
import { authInterceptor } from './auth.interceptor';
import { AuthService, TOKEN_STORAGE_KEY, USER_STORAGE_KEY } from './auth.service';

const USER = {
  id: 'u1',
  username: 'zhang',
  displayName: '张三',
  role: 'coordinator' as const,
  unitId: 'town-1',
};

/** The error an observable fails with (the test fails if it succeeds). */
function failure(source: Observable<unknown>): Promise<ApiError> {
  return firstValueFrom(source).then(
    () => {
      throw new Error('expected an error');
    },
    (e: unknown) => e as ApiError,
  );
}

function signIn(token = 'header.payload.sig'): void {
  localStorage.setItem(TOKEN_STORAGE_KEY, token);
  localStorage.setItem(USER_STORAGE_KEY, JSON.stringify(USER));
}

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  function setup(): void {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => backend.verify());

  async function failWith(body: string | object, status: number, statusText = 'Error'): Promise<ApiError> {
    const result = failure(http.get('/api/cases'));
    backend.expectOne('/api/cases').flush(body, { status, statusText });
    return result;
  }

  describe('Authorization header', () => {
    it('adds the bearer token to API calls', () => {
      signIn('abc.def.ghi');
      setup();
      http.get('/api/cases').subscribe();
      const req = backend.expectOne('/api/cases');
      expect(req.request.headers.get('Authorization')).toBe('Bearer abc.def.ghi');
      req.flush({ items: [], total: 0, page: 1, pageSize: 20 });
    });

    it('sends nothing when signed out, and never on the login call', () => {
      setup();
      http.get('/api/cases').subscribe();
      const a = backend.expectOne('/api/cases');
      expect(a.request.headers.has('Authorization')).toBe(false);
      a.flush({});
      signIn();
      http.post('/api/auth/login', {}).subscribe();
      const b = backend.expectOne('/api/auth/login');
      expect(b.request.headers.has('Authorization')).toBe(false);
      b.flush({});
    });

    it('leaves non-API URLs alone', () => {
      signIn();
      setup();
      http.get('/assets/x.json').subscribe();
      const req = backend.expectOne('/assets/x.json');
      expect(req.request.headers.has('Authorization')).toBe(false);
      req.flush({});
    });
  });

  describe('error mapping', () => {
    beforeEach(() => {
      signIn();
      setup();
    });

    it('maps RFC 9457 problem details to an ApiError', async () => {
      const err = await failWith(
        {
          type: 'https://taizhang/errors/case-stale-version',
          title: 'Conflict',
          status: 409,
          detail: 'The case was changed by someone else',
          code: 'CASE.STALE_VERSION',
          currentVersion: 7,
        },
        409,
      );
      expect(err).toBeInstanceOf(ApiError);
      expect(err.status).toBe(409);
      expect(err.code).toBe('CASE.STALE_VERSION');
      expect(err.detail).toBe('The case was changed by someone else');
      expect(err.currentVersion).toBe(7);
      expect(err.isStaleVersion).toBe(true);
    });

    it('keeps validation errors[]', async () => {
      const err = await failWith(
        {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'Invalid input',
          errors: [{ field: 'title', message: 'required' }],
        },
        400,
      );
      expect(err.errors).toEqual([{ field: 'title', message: 'required' }]);
      expect(err.isStaleVersion).toBe(false);
    });

    it("accepts Nest's default error body", async () => {
      const err = await failWith(
        { statusCode: 400, message: ['title should not be empty', 'x'], error: 'Bad Request' },
        400,
      );
      expect(err.detail).toBe('title should not be empty; x');
      expect(err.title).toBe('Bad Request');
    });

    it('maps a non-JSON body to an ApiError with the status', async () => {
      const err = await failWith('<html>gateway</html>', 502, 'Bad Gateway');
      expect(err.status).toBe(502);
      expect(err.detail).toBe('');
    });

    it('marks network failures (status 0)', async () => {
      const result = failure(http.get('/api/cases'));
      backend.expectOne('/api/cases').error(new ProgressEvent('error'), { status: 0, statusText: '' });
      const err = await result;
      expect(err).toBeInstanceOf(ApiError);
      expect(err.isNetwork).toBe(true);
    });

    it('ends the session on a 401 and goes to /login', async () => {
      const router = TestBed.inject(Router);
      const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
      const err = await failWith(
        { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Token expired' },
        401,
      );
      expect(err.status).toBe(401);
      expect(TestBed.inject(AuthService).isAuthenticated()).toBe(false);
      expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
      expect(navigate).toHaveBeenCalledWith(['/login'], expect.anything());
    });

    it('does not sign out on a failed login (401 there means wrong password)', async () => {
      const result = failure(http.post('/api/auth/login', {}));
      backend
        .expectOne('/api/auth/login')
        .flush(
          { type: 'about:blank', title: 'Unauthorized', status: 401, detail: '用户名或密码错误' },
          { status: 401, statusText: 'Unauthorized' },
        );
      const err = await result;
      expect(err.detail).toBe('用户名或密码错误');
      expect(TestBed.inject(AuthService).isAuthenticated()).toBe(true);
    });
  });
});
