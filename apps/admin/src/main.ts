import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { USER_STORAGE_KEY } from './app/core/auth/auth.service';

// The dashboard opened at start (a manager's home): its code is asked for now, while the app bootstraps,
// rather than once the router gets there (issue 18: a throttled phone). The same chunk the route loads
// (app.routes.ts), so it comes once.
if (opensDashboard()) {
  void import('./app/features/dashboard/dashboard.routes');
  // and the shared pieces it imports (chunks of their own, which the browser would otherwise find only one
  // chunk after another: the route's, then these, then error-text's)
  void import('./app/shared/ui/load-state.component');
  void import('./app/core/notify.service');
  void import('./app/core/api/error-text');
}

bootstrapApplication(App, appConfig).catch((err: unknown) => console.error(err));

function opensDashboard(): boolean {
  if (location.pathname === '/dashboard') return true;
  if (location.pathname !== '/') return false;
  try {
    return (
      (JSON.parse(localStorage.getItem(USER_STORAGE_KEY) ?? 'null') as { role?: string } | null)?.role ===
      'manager'
    );
  } catch {
    return false;
  }
}
