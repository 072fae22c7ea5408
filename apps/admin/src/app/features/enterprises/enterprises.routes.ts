import { Routes } from '@angular/router';

export const ENTERPRISES_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./pages/enterprise-list.page').then((m) => m.EnterpriseListPage) },
  {
    path: ':id',
    loadComponent: () => import('./pages/enterprise-detail.page').then((m) => m.EnterpriseDetailPage),
  },
];
