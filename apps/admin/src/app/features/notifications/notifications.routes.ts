import { Routes } from '@angular/router';

export const NOTIFICATIONS_ROUTES: Routes = [
  { path: '', loadComponent: () => import('./pages/notifications.page').then((m) => m.NotificationsPage) },
  {
    path: 'settings',
    loadComponent: () => import('./pages/notification-settings.page').then((m) => m.NotificationSettingsPage),
  },
];
