import { inject } from '@angular/core';
import { CanActivateChildFn, CanActivateFn, CanMatchFn, Router } from '@angular/router';
import type { Role } from '@taizhang/contracts';
import { AuthService, homeFor } from './auth.service';

/** Signed in, or off to /login (remembering where we were going). */
export const authGuard: CanActivateFn = (_route, state) => {
  const auth = inject(AuthService);
  if (auth.isAuthenticated()) return true;
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Only these roles may load the feature; anyone else goes to their home page. */
export function roleGuard(...roles: Role[]): CanMatchFn {
  return () => {
    const auth = inject(AuthService);
    if (auth.hasRole(...roles)) return true;
    return inject(Router).parseUrl(homeFor(auth.role()));
  };
}

export const CHANGE_PASSWORD_PATH = '/account/password';

/** A user whose password an admin reset may only change it (the API refuses everything else too). */
export const passwordChangeGuard: CanActivateChildFn = (_route, state) => {
  const auth = inject(AuthService);
  if (!auth.mustChangePassword() || state.url.startsWith(CHANGE_PASSWORD_PATH)) return true;
  return inject(Router).parseUrl(CHANGE_PASSWORD_PATH);
};

/** The sign-in page is for signed-out users. */
export const guestGuard: CanActivateFn = () => {
  const auth = inject(AuthService);
  return auth.isAuthenticated() ? inject(Router).parseUrl(homeFor(auth.role())) : true;
};
