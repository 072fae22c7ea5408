import { Routes } from '@angular/router';
import { DashboardPage } from './pages/dashboard.page';

// The page itself, not a further `loadComponent`: this file is already a lazy chunk (app.routes.ts), and a
// second lazy step cost the phone one more round trip before the dashboard's requests (issue 18).
export const DASHBOARD_ROUTES: Routes = [{ path: '', component: DashboardPage }];
