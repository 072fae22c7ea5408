import { inject } from '@angular/core';
import { Routes } from '@angular/router';
import { authGuard, guestGuard, passwordChangeGuard, roleGuard } from './core/auth/auth.guard';
import { AuthService, homeFor } from './core/auth/auth.service';
import { ShellComponent } from './core/layout/shell.component';

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
        loadChildren: () => import('./features/cases/cases.routes').then((m) => m.CASES_ROUTES),
      },
      {
        path: 'dashboard',
        canMatch: [roleGuard('manager', 'admin', 'coordinator', 'bureau_officer')],
        loadChildren: () => import('./features/dashboard/dashboard.routes').then((m) => m.DASHBOARD_ROUTES),
      },
      {
        path: 'enterprises',
        canMatch: [roleGuard('instructor', 'coordinator', 'manager', 'admin')],
        loadChildren: () =>
          import('./features/enterprises/enterprises.routes').then((m) => m.ENTERPRISES_ROUTES),
      },
      {
        path: 'common-problems',
        canMatch: [roleGuard('coordinator', 'bureau_officer', 'manager', 'admin')],
        loadChildren: () =>
          import('./features/common-problems/common-problems.routes').then((m) => m.COMMON_PROBLEMS_ROUTES),
      },
      {
        path: 'notifications',
        loadChildren: () =>
          import('./features/notifications/notifications.routes').then((m) => m.NOTIFICATIONS_ROUTES),
      },
      {
        path: 'daily-reports',
        canMatch: [roleGuard('manager', 'coordinator', 'admin')],
        loadChildren: () =>
          import('./features/daily-reports/daily-reports.routes').then((m) => m.DAILY_REPORTS_ROUTES),
      },
      {
        path: 'account',
        loadChildren: () => import('./features/account/account.routes').then((m) => m.ACCOUNT_ROUTES),
      },
      {
        path: 'admin',
        canMatch: [roleGuard('admin')],
        loadChildren: () => import('./features/admin/admin.routes').then((m) => m.ADMIN_ROUTES),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
