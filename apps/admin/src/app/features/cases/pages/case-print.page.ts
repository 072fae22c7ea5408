import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { CaseDto } from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { CasesApi } from '../data/cases.api';
import { keyedResource } from '../../../shared/util/resource-value';

export type PrintSheet = 'jiaoban' | 'duban';

/**
 * 交办单 / 督办单 of a case, laid out for A4 (print stylesheet, `@page size: A4`), printed with the browser:
 * `/cases/:id/print?sheet=jiaoban|duban`. Outside the app's shell, so the page holds nothing but the sheet.
 */
@Component({
  selector: 'tz-case-print-page',
  imports: [RouterLink, TPipe, TzDatePipe, LoadStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './case-print.page.html',
  styleUrl: './case-print.page.scss',
})
export class CasePrintPage {
  /** Route parameter and query parameter, bound by the router. */
  readonly id = input.required<string>();
  readonly sheet = input<string>();

  private readonly api = inject(CasesApi);
  protected readonly i18n = inject(I18nService);
  protected readonly ref = inject(ReferenceDataService);

  protected readonly kind = computed<PrintSheet>(() => (this.sheet() === 'duban' ? 'duban' : 'jiaoban'));
  protected readonly c = keyedResource(this.id, (id) => this.api.get(id));

  /** The urges of the case (督办单 lists them), oldest first. */
  protected readonly urges = computed(() =>
    this.c.hasValue() ? (this.c.value().events ?? []).filter((e) => e.type === 'urge') : [],
  );
  /** Who handles it: the assignee of the last assignment, if the case is assigned. */
  protected readonly assignee = computed(() => {
    const c: CaseDto | undefined = this.c.hasValue() ? this.c.value() : undefined;
    if (!c?.assigneeId) return '';
    const last = [...(c.events ?? [])].reverse().find((e) => e.type === 'assign');
    const name = last?.payload['assigneeName'];
    return typeof name === 'string' ? name : '';
  });
  protected readonly printedAt = new Date();

  constructor() {
    this.ref.ensureLoaded();
  }

  protected print(): void {
    window.print();
  }
}
