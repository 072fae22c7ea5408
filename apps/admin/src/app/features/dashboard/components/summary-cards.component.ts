import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { PENDING_STATUSES, SOLVED_STATUSES, type DashboardSummary } from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';

interface Card {
  key: 'total' | 'solved' | 'pending' | 'cancelled' | 'overdue';
  value: number;
  queryParams: Record<string, string | string[]>;
}

/** The all-time figures (total = 已办结 + 办理中 + 已撤销) and the rates of the chosen range. */
@Component({
  selector: 'tz-summary-cards',
  imports: [RouterLink, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './summary-cards.component.html',
  styleUrl: './summary-cards.component.scss',
})
export class SummaryCardsComponent {
  readonly summary = input.required<DashboardSummary>();
  readonly unitId = input<string | null>(null);
  protected readonly i18n = inject(I18nService);

  protected readonly cards = computed<Card[]>(() => {
    const s = this.summary();
    const unit: Record<string, string> = this.unitId() ? { unitId: this.unitId() as string } : {};
    return [
      { key: 'total', value: s.total, queryParams: { ...unit } },
      { key: 'solved', value: s.solved, queryParams: { status: [...SOLVED_STATUSES], ...unit } },
      { key: 'pending', value: s.pending, queryParams: { status: [...PENDING_STATUSES], ...unit } },
      { key: 'cancelled', value: s.cancelled, queryParams: { status: ['cancelled'], ...unit } },
      { key: 'overdue', value: s.overdue, queryParams: { overdue: 'true', ...unit } },
    ];
  });

  /** A share (0–1) as a percentage; — when there is nothing to divide. */
  protected percent(v: number | null | undefined): string {
    return v === null || v === undefined ? '—' : `${this.i18n.formatNumber(v * 100, 1)}%`;
  }
}
