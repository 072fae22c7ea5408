import { Injectable, Injector, inject } from '@angular/core';
import type { MatSnackBar, MatSnackBarConfig } from '@angular/material/snack-bar';
import { apiErrorText } from './api/error-text';
import { I18nService, type TranslationParams } from './i18n/i18n.service';
import type { TranslationKey } from './i18n/zh-CN';

/**
 * Short, polite messages at the bottom of the screen (Material snack bar, announced by screen readers).
 * The snack bar (with the CDK overlay, ≈ 75 kB) is loaded on the first message, not with every page that
 * might show one: the dashboard's code on a phone stays that much lighter (issue 18).
 */
@Injectable({ providedIn: 'root' })
export class NotifyService {
  private readonly injector = inject(Injector);
  private readonly i18n = inject(I18nService);
  private snackBar: Promise<MatSnackBar> | null = null;

  info(key: TranslationKey, params?: TranslationParams): void {
    this.open(this.i18n.t(key, params), { duration: 4000 });
  }

  /** The API's own words when it gave some, else a generic line. */
  error(error: unknown, fallback: TranslationKey = 'errors.generic'): void {
    this.open(this.describe(error, fallback), { duration: 8000, politeness: 'assertive' });
  }

  describe(error: unknown, fallback: TranslationKey = 'errors.generic'): string {
    return apiErrorText(this.i18n, error, fallback);
  }

  private open(message: string, config: MatSnackBarConfig): void {
    this.snackBar ??= import('@angular/material/snack-bar').then((m) => this.injector.get(m.MatSnackBar));
    // the words are taken now (the language of the moment), shown once the snack bar is there
    const action = this.i18n.t('common.close');
    this.snackBar.then(
      (bar) => bar.open(message, action, config),
      () => (this.snackBar = null), // its chunk did not load (offline): the next message tries again
    );
  }
}
