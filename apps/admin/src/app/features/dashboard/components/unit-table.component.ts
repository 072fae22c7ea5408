import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { DashboardSummary } from '@taizhang/contracts';
import { TPipe } from '../../../core/i18n/t.pipe';
import { CountTableComponent } from './count-table.component';

/** The summary's counts per unit: each drills down to that unit's dashboard and opens its ledger. */
@Component({
  selector: 'tz-unit-table',
  imports: [RouterLink, TPipe, CountTableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './unit-table.component.html',
})
export class UnitTableComponent {
  readonly rows = input.required<DashboardSummary['byUnit']>();
}
