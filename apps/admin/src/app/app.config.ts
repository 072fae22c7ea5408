import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { appRoutes } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { I18nService } from './core/i18n/i18n.service';

// The paginator's translated labels (TzPaginatorIntl) are provided by the lazy routes of the signed-in
// features (`withFeatureProviders` in app.routes.ts), not here: importing the paginator here put it, its select,
// tooltip, overlay and @angular/forms into the initial bundle (issue 18: ≤ 150 kB gzip). The form fields'
// defaults likewise (shared/ui/form-field-defaults.ts): the token's import brought Material's form field.
export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    // the stored language's dictionary before the first page (en is a lazy chunk)
    provideAppInitializer(() => inject(I18nService).ready()),
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    provideRouter(
      appRoutes,
      withComponentInputBinding(),
      withInMemoryScrolling({ scrollPositionRestoration: 'top' }),
    ),
  ],
};
