import { ChangeDetectionStrategy, Component, ViewEncapsulation } from '@angular/core';

/**
 * The plain data table of the administration and report pages: `<table tzTable>` with its rows inside, as
 * before; this only brings the shared look (full width, ruled rows, `.n` cells right-aligned, `.nowrap`).
 * Add `class="top"` for cells aligned to the top (rows of uneven height).
 * The styles are global (no encapsulation) but only for `.tz-table`, and load with the first page that uses it.
 */
@Component({
  // An attribute on the element it styles (as mat-table does), so the pages' DOM stays as it was.
  // eslint-disable-next-line @angular-eslint/component-selector
  selector: 'table[tzTable]',
  host: { class: 'tz-table' },
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  template: `<ng-content />`,
  styles: `
    table.tz-table {
      width: 100%;
      border-collapse: collapse;
    }
    .tz-table th,
    .tz-table td {
      text-align: left;
      padding: 8px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .tz-table.top th,
    .tz-table.top td {
      vertical-align: top;
    }
    .tz-table .n {
      text-align: right;
    }
    .tz-table .nowrap {
      white-space: nowrap;
    }
  `,
})
export class TableComponent {}
