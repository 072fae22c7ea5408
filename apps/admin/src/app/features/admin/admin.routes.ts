import { Routes } from '@angular/router';

export const ADMIN_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'units' },
  { path: 'units', loadComponent: () => import('./pages/units.page').then((m) => m.UnitsPage) },
  { path: 'users', loadComponent: () => import('./pages/users.page').then((m) => m.UsersPage) },
  {
    path: 'categories',
    loadComponent: () => import('./pages/categories.page').then((m) => m.CategoriesPage),
  },
  {
    path: 'routing-rules',
    loadComponent: () => import('./pages/routing-rules.page').then((m) => m.RoutingRulesPage),
  },
  {
    path: 'deadline-policies',
    loadComponent: () => import('./pages/deadline-policies.page').then((m) => m.DeadlinePoliciesPage),
  },
  { path: 'calendar', loadComponent: () => import('./pages/calendar.page').then((m) => m.CalendarPage) },
  { path: 'jobs', loadComponent: () => import('./pages/failed-jobs.page').then((m) => m.FailedJobsPage) },
  {
    path: 'deliveries',
    loadComponent: () => import('./pages/failed-deliveries.page').then((m) => m.FailedDeliveriesPage),
  },
  { path: 'audit-log', loadComponent: () => import('./pages/audit-log.page').then((m) => m.AuditLogPage) },
];
