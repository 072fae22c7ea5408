import { Pipe, PipeTransform, inject } from '@angular/core';
import { I18nService, type TranslationParams } from './i18n.service';
import type { TranslationKey } from './zh-CN';

/**
 * `{{ 'ledger.title' | t }}`. Impure on purpose: it reads the locale signal, so a language switch
 * re-renders every label without reloading.
 */
@Pipe({ name: 't', pure: false })
export class TPipe implements PipeTransform {
  private readonly i18n = inject(I18nService);

  transform(key: TranslationKey | string, params?: TranslationParams): string {
    return this.i18n.t(key, params);
  }
}

/** `{{ case.resolveBy | tzDate }}`: date and time in Asia/Shanghai, in the current locale. */
@Pipe({ name: 'tzDate', pure: false })
export class TzDatePipe implements PipeTransform {
  private readonly i18n = inject(I18nService);

  transform(value: string | Date | null | undefined, mode: 'datetime' | 'date' = 'datetime'): string {
    return mode === 'date' ? this.i18n.formatDate(value) : this.i18n.formatDateTime(value);
  }
}
