import { Routes } from '@angular/router';

export const COMMON_PROBLEMS_ROUTES: Routes = [
  {
    path: '',
    loadComponent: () => import('./pages/common-problems.page').then((m) => m.CommonProblemsPage),
  },
  {
    path: ':id',
    loadComponent: () => import('./pages/common-problem-detail.page').then((m) => m.CommonProblemDetailPage),
  },
];
