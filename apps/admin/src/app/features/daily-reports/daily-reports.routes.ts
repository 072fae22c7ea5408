import { Routes } from '@angular/router';

export const DAILY_REPORTS_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./pages/daily-reports.page').then((m) => m.DailyReportsPage) },
];
