import { Injectable, type Provider, effect, inject } from '@angular/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { I18nService } from './i18n.service';

/** Material paginator labels through the i18n layer; re-announces on a language switch. */
@Injectable()
export class TzPaginatorIntl extends MatPaginatorIntl {
  private readonly i18n = inject(I18nService);

  constructor() {
    super();
    effect(() => {
      const t = this.i18n.t;
      this.itemsPerPageLabel = t('paginator.itemsPerPage');
      this.nextPageLabel = t('paginator.next');
      this.previousPageLabel = t('paginator.previous');
      this.firstPageLabel = t('paginator.first');
      this.lastPageLabel = t('paginator.last');
      this.changes.next();
    });
  }

  override getRangeLabel = (page: number, pageSize: number, length: number): string => {
    if (length === 0 || pageSize === 0) return this.i18n.t('paginator.rangeEmpty', { length });
    const start = page * pageSize + 1;
    const end = Math.min(length, (page + 1) * pageSize);
    return this.i18n.t('paginator.range', { start, end, length });
  };
}

/**
 * For a lazy route's `providers` (see app.routes.ts): this file is loaded with the features that list
 * pages, so the paginator and what it imports stay out of the initial bundle.
 */
export const PAGINATOR_INTL_PROVIDERS: Provider[] = [
  { provide: MatPaginatorIntl, useClass: TzPaginatorIntl },
];
