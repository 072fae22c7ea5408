import { Routes } from '@angular/router';
import { roleGuard } from '../../core/auth/auth.guard';

export const CASES_ROUTES: Routes = [
  {
    path: '',
    loadComponent: () => import('./pages/ledger.page').then((m) => m.LedgerPage),
  },
  {
    path: 'new',
    canMatch: [roleGuard('instructor', 'coordinator', 'admin')],
    loadComponent: () => import('./pages/case-new.page').then((m) => m.CaseNewPage),
  },
  {
    path: ':id',
    loadComponent: () => import('./pages/case-detail.page').then((m) => m.CaseDetailPage),
  },
];
