import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { DashboardSummary } from '@taizhang/contracts';
import { CountTableComponent } from './count-table.component';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';

/** The summary's counts per category, each a link to the ledger filtered by it. */
@Component({
  selector: 'tz-category-table',
  imports: [RouterLink, CountTableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './category-table.component.html',
})
export class CategoryTableComponent {
  readonly rows = input.required<DashboardSummary['byCategory']>();
  readonly unitId = input<string | null>(null);
  protected readonly ref = inject(ReferenceDataService);
}
