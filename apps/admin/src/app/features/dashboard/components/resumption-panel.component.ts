import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { ResumptionSummary } from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import type { ChartSpec } from '../data/chart-spec';
import { ChartComponent } from './chart.component';

/** 复工复产: enterprises above and below size, by resumption status, staff back, and the 30-day trend. */
@Component({
  selector: 'tz-resumption-panel',
  imports: [TPipe, ChartComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './resumption-panel.component.html',
  styleUrl: '../../../shared/ui/panel.scss',
  styles: `
    .bar {
      height: 8px;
      border-radius: 4px;
      background: var(--mat-sys-surface-variant);
      overflow: hidden;
    }
    .bar span {
      display: block;
      height: 100%;
      background: #2e7d32;
    }
  `,
})
export class ResumptionPanelComponent {
  readonly resumption = input.required<ResumptionSummary>();
  protected readonly i18n = inject(I18nService);
  protected readonly staffPercent = computed(() => {
    const r = this.resumption();
    return r.headcount > 0 ? Math.round((r.returnedHeadcount / r.headcount) * 1000) / 10 : 0;
  });
  protected readonly trendChart = computed<ChartSpec>(() => {
    const trend = this.resumption().trend ?? [];
    return {
      kind: 'line',
      categories: trend.map((d) => d.date),
      series: [
        {
          name: this.i18n.t('resumptionPanel.resumedSeries'),
          data: trend.map((d) => d.resumed),
          color: '#2e7d32',
        },
      ],
    };
  });
}
