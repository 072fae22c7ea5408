import { Routes } from '@angular/router';
import { FORM_FIELD_DEFAULTS } from '../../shared/ui/form-field-defaults';

export const CONFIRM_ROUTES: Routes = [
  {
    path: '',
    providers: FORM_FIELD_DEFAULTS,
    loadComponent: () => import('./pages/confirm.page').then((m) => m.ConfirmPage),
  },
];
