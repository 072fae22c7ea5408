import { Routes } from '@angular/router';

export const CONFIRM_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./pages/confirm.page').then((m) => m.ConfirmPage) },
];
