import type { Provider } from '@angular/core';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS } from '@angular/material/form-field';

/**
 * Outlined form fields whose hint/error line takes room only when shown. Not a root provider: importing the
 * token from app.config.ts put Material's whole form field (≈ 64 kB raw, 13 kB gzip) into the initial bundle
 * (issue 18). Provided instead by the lazy routes that have form fields (`withFeatureProviders` in
 * app.routes.ts, the sign-in and confirmation routes) and by the dialogs with form fields (a dialog hangs off
 * the root injector, not the route's).
 */
export const FORM_FIELD_DEFAULTS: Provider[] = [
  {
    provide: MAT_FORM_FIELD_DEFAULT_OPTIONS,
    useValue: { appearance: 'outline', subscriptSizing: 'dynamic' },
  },
];
