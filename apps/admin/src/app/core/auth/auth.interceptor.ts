import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { API_BASE, toApiError } from '../api/api-error';
import { AuthService } from './auth.service';

function isApiUrl(url: string): boolean {
  if (url.startsWith(`${API_BASE}/`) || url === API_BASE) return true;
  try {
    return new URL(url).pathname.startsWith(`${API_BASE}/`);
  } catch {
    return false;
  }
}

/**
 * Adds `Authorization: Bearer <jwt>` to API calls and turns every failed API response into an `ApiError`
 * built from its problem details. A 401 on anything but the sign-in call ends the session; a 403
 * AUTH.PASSWORD_CHANGE_REQUIRED (an admin reset the password) leads to the change-password page.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!isApiUrl(req.url)) return next(req);

  const isLogin = req.url.endsWith('/auth/login');
  // the enterprise's confirmation page needs no sign-in: its calls never carry someone's token
  const isPublic = req.url.includes(`${API_BASE}/public/`);
  const token = auth.token();
  const request =
    token && !isLogin && !isPublic ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;

  return next(request).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse)) return throwError(() => error);
      const apiError = toApiError(error);
      if (apiError.status === 401 && !isLogin && !req.url.endsWith('/auth/logout')) {
        auth.logout();
        void router.navigate(['/login'], { queryParams: { returnUrl: router.url } });
      }
      if (apiError.status === 403 && apiError.code === 'AUTH.PASSWORD_CHANGE_REQUIRED') {
        auth.requirePasswordChange();
        void router.navigate(['/account/password']);
      }
      return throwError(() => apiError);
    }),
  );
};
