import { Routes } from '@angular/router';
import { FORM_FIELD_DEFAULTS } from '../../shared/ui/form-field-defaults';

export const AUTH_ROUTES: Routes = [
  {
    path: '',
    providers: FORM_FIELD_DEFAULTS,
    loadComponent: () => import('./pages/login.page').then((m) => m.LoginPage),
  },
];
