import { inject } from '@angular/core';
import { LoadChildrenCallback, Routes } from '@angular/router';
import { authGuard, guestGuard, passwordChangeGuard, roleGuard } from './core/auth/auth.guard';
import { AuthService, homeFor } from './core/auth/auth.service';
import { ShellComponent } from './core/layout/shell.component';

/**
 * A feature's lazy routes under the providers the features share: the paginator's translated labels and the
 * form fields' defaults. They come in lazy chunks of their own, beside the feature, so Material's paginator
 * (with its select, overlay and @angular/forms) and its form field are not in the initial bundle, and the
 * dashboard, which has neither, never loads them (issue 18).
 */
function withFeatureProviders(load: () => Promise<Routes>): LoadChildrenCallback {
  return () =>
    Promise.all([
      load(),
      import('./core/i18n/paginator-intl'),
      import('./shared/ui/form-field-defaults'),
    ]).then(([children, intl, fields]) => [
      { path: '', providers: [...intl.PAGINATOR_INTL_PROVIDERS, ...fields.FORM_FIELD_DEFAULTS], children },
    ]);
}

export const appRoutes: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    loadChildren: () => import('./features/auth/auth.routes').then((m) => m.AUTH_ROUTES),
  },
  {
    // the enterprise's own confirmation (issue 13): a public, phone-first page outside the signed-in shell
    path: 'confirm/:token',
    loadChildren: () => import('./features/confirm/confirm.routes').then((m) => m.CONFIRM_ROUTES),
  },
  {
    // 交办单 / 督办单: a printable A4 page outside the shell (nothing on it but the sheet)
    path: 'cases/:id/print',
    canActivate: [authGuard, passwordChangeGuard],
    loadComponent: () => import('./features/cases/pages/case-print.page').then((m) => m.CasePrintPage),
  },
  {
    path: '',
    component: ShellComponent,
    canActivate: [authGuard],
    canActivateChild: [passwordChangeGuard],
    children: [
      {
        path: '',
        pathMatch: 'full',
        redirectTo: () => homeFor(inject(AuthService).role()),
      },
      {
        path: 'cases',
        loadChildren: withFeatureProviders(() =>
          import('./features/cases/cases.routes').then((m) => m.CASES_ROUTES),
        ),
      },
      {
        path: 'dashboard',
        canMatch: [roleGuard('manager', 'admin', 'coordinator', 'bureau_officer')],
        loadChildren: () => import('./features/dashboard/dashboard.routes').then((m) => m.DASHBOARD_ROUTES),
      },
      {
        path: 'enterprises',
        canMatch: [roleGuard('instructor', 'coordinator', 'manager', 'admin')],
        loadChildren: withFeatureProviders(() =>
          import('./features/enterprises/enterprises.routes').then((m) => m.ENTERPRISES_ROUTES),
        ),
      },
      {
        path: 'common-problems',
        canMatch: [roleGuard('coordinator', 'bureau_officer', 'manager', 'admin')],
        loadChildren: withFeatureProviders(() =>
          import('./features/common-problems/common-problems.routes').then((m) => m.COMMON_PROBLEMS_ROUTES),
        ),
      },
      {
        path: 'notifications',
        loadChildren: withFeatureProviders(() =>
          import('./features/notifications/notifications.routes').then((m) => m.NOTIFICATIONS_ROUTES),
        ),
      },
      {
        path: 'daily-reports',
        canMatch: [roleGuard('manager', 'coordinator', 'admin')],
        loadChildren: withFeatureProviders(() =>
          import('./features/daily-reports/daily-reports.routes').then((m) => m.DAILY_REPORTS_ROUTES),
        ),
      },
      {
        path: 'account',
        loadChildren: withFeatureProviders(() =>
          import('./features/account/account.routes').then((m) => m.ACCOUNT_ROUTES),
        ),
      },
      {
        path: 'admin',
        canMatch: [roleGuard('admin')],
        loadChildren: withFeatureProviders(() =>
          import('./features/admin/admin.routes').then((m) => m.ADMIN_ROUTES),
        ),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
