import { ChangeDetectionStrategy, Component, ViewEncapsulation, input } from '@angular/core';
import { TPipe } from '../../../core/i18n/t.pipe';

/**
 * The frame of the summary's count tables (per unit, per category): the card, its title and the head row
 * (the name column, then total, solved, pending, overdue, then any `<th>` put inside); the body rows are put
 * inside. The styles are global (no encapsulation, so they reach the rows put inside) but only for
 * `.tz-count-table`.
 */
@Component({
  selector: 'tz-count-table',
  imports: [TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  template: `
    <section class="tz-card table-card tz-count-table">
      <h2 class="h2">{{ title() | t }}</h2>
      <div class="tz-table-wrap">
        <table class="simple">
          <thead>
            <tr>
              <th scope="col">{{ nameHeading() | t }}</th>
              <th scope="col">{{ 'dashboard.total' | t }}</th>
              <th scope="col">{{ 'dashboard.solved' | t }}</th>
              <th scope="col">{{ 'dashboard.pending' | t }}</th>
              <th scope="col">{{ 'dashboard.overdue' | t }}</th>
              <ng-content select="th" />
            </tr>
          </thead>
          <tbody>
            <ng-content />
          </tbody>
        </table>
      </div>
    </section>
  `,
  styles: `
    tz-count-table {
      display: block;
    }
    .tz-count-table .h2 {
      font: var(--mat-sys-title-medium);
      margin: 0 0 8px;
    }
    .tz-count-table .simple {
      width: 100%;
      border-collapse: collapse;
    }
    .tz-count-table .simple th,
    .tz-count-table .simple td {
      text-align: left;
      padding: 8px 12px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
  `,
})
export class CountTableComponent {
  /** i18n keys */
  readonly title = input.required<string>();
  readonly nameHeading = input.required<string>();
}
