import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { apiErrorText } from './api/error-text';
import { I18nService, type TranslationParams } from './i18n/i18n.service';
import type { TranslationKey } from './i18n/zh-CN';

/** Short, polite messages at the bottom of the screen (Material snack bar, announced by screen readers). */
@Injectable({ providedIn: 'root' })
export class NotifyService {
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);

  info(key: TranslationKey, params?: TranslationParams): void {
    this.snackBar.open(this.i18n.t(key, params), this.i18n.t('common.close'), { duration: 4000 });
  }

  /** The API's own words when it gave some, else a generic line. */
  error(error: unknown, fallback: TranslationKey = 'errors.generic'): void {
    this.snackBar.open(this.describe(error, fallback), this.i18n.t('common.close'), {
      duration: 8000,
      politeness: 'assertive',
    });
  }

  describe(error: unknown, fallback: TranslationKey = 'errors.generic'): string {
    return apiErrorText(this.i18n, error, fallback);
  }
}
