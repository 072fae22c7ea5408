import { ChangeDetectionStrategy, Component, ViewEncapsulation, computed, input } from '@angular/core';
import { TPipe } from '../../core/i18n/t.pipe';

/** A column heading of `columns`: its i18n key, right-aligned (`n:`) or read by screen readers only (`hidden:`). */
interface Heading {
  key: string;
  n: boolean;
  hidden: boolean;
}

/**
 * The plain data table of the administration and report pages: `<table tzTable>` with its rows inside, as
 * before; this only brings the shared look (full width, ruled rows, `.n` cells right-aligned, `.nowrap`).
 * Add `class="top"` for cells aligned to the top (rows of uneven height). `columns` writes the head row: the
 * headings' i18n keys, space-separated, `n:key` for a right-aligned (number) column, `hidden:key` for one whose
 * heading only screen readers read (a column of buttons); without it the page writes its own `<thead>`.
 * The styles are global (no encapsulation) but only for `.tz-table`, and load with the first page that uses it.
 */
@Component({
  // An attribute on the element it styles (as mat-table does), so the pages' DOM stays as it was.
  // eslint-disable-next-line @angular-eslint/component-selector
  selector: 'table[tzTable]',
  imports: [TPipe],
  host: { class: 'tz-table' },
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  template: `
    @if (headings().length) {
      <thead>
        <tr>
          @for (h of headings(); track $index) {
            <th scope="col" [class.n]="h.n">
              @if (h.hidden) {
                <span class="tz-visually-hidden">{{ h.key | t }}</span>
              } @else {
                {{ h.key | t }}
              }
            </th>
          }
        </tr>
      </thead>
    }
    <ng-content />
  `,
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
export class TableComponent {
  readonly columns = input('');
  protected readonly headings = computed<Heading[]>(() =>
    this.columns()
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => {
        const [flag, key] = word.includes(':') ? word.split(':') : ['', word];
        return { key, n: flag === 'n', hidden: flag === 'hidden' };
      }),
  );
}
