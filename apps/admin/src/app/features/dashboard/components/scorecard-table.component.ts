import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { ScorecardRowDto } from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import {
  SCORECARD_COLUMNS,
  ScorecardColumn,
  SortDir,
  scorecardValue,
  sortScorecard,
} from '../data/scorecard-sort';

const RATES: ScorecardColumn[] = ['rateResolved', 'rateOnTime', 'rateSatisfaction'];

/** 考核排名: the towns and bureaus below the unit, sortable by any figure, with an Excel export. */
@Component({
  selector: 'tz-scorecard-table',
  imports: [MatButtonModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './scorecard-table.component.html',
  styleUrls: ['../../../shared/ui/panel.scss', './scorecard-table.component.scss'],
})
export class ScorecardTableComponent {
  readonly rows = input.required<readonly ScorecardRowDto[]>();
  readonly exporting = input(false);
  readonly exportXlsx = output<void>();
  protected readonly i18n = inject(I18nService);

  protected readonly columns = SCORECARD_COLUMNS;
  protected readonly sortBy = signal<ScorecardColumn>('rateResolved');
  protected readonly dir = signal<SortDir>('desc');
  protected readonly sorted = computed(() => sortScorecard(this.rows(), this.sortBy(), this.dir()));

  protected sort(c: ScorecardColumn): void {
    if (this.sortBy() === c) this.dir.set(this.dir() === 'desc' ? 'asc' : 'desc');
    else {
      this.sortBy.set(c);
      this.dir.set(c === 'unitName' ? 'asc' : 'desc');
    }
  }

  protected ariaSort(c: ScorecardColumn): 'ascending' | 'descending' | 'none' {
    return this.sortBy() === c ? (this.dir() === 'asc' ? 'ascending' : 'descending') : 'none';
  }

  protected cell(r: ScorecardRowDto, c: ScorecardColumn): string {
    const v = scorecardValue(r, c);
    if (v === null || v === undefined) return '—';
    if (typeof v === 'string') return v;
    if (RATES.includes(c)) return `${this.i18n.formatNumber(v * 100, 1)}%`;
    return this.i18n.formatNumber(v, c === 'avgRating' ? 2 : 1);
  }
}
