import { Routes } from '@angular/router';

export const ACCOUNT_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'password' },
  {
    path: 'password',
    loadComponent: () => import('./pages/change-password.page').then((m) => m.ChangePasswordPage),
  },
];
