import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { DashboardSummary } from '@taizhang/contracts';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';

/** The summary's counts per category, each a link to the ledger filtered by it. */
@Component({
  selector: 'tz-category-table',
  imports: [RouterLink, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './category-table.component.html',
  styleUrl: './tables.scss',
})
export class CategoryTableComponent {
  readonly rows = input.required<DashboardSummary['byCategory']>();
  readonly unitId = input<string | null>(null);
  protected readonly ref = inject(ReferenceDataService);
}
