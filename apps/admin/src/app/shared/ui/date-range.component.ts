import { ChangeDetectionStrategy, Component, booleanAttribute, input, output } from '@angular/core';
import { TPipe } from '../../core/i18n/t.pipe';

/** One end of a day range and the day it was set to ('' when the input was cleared). */
export interface DateRangeChange {
  end: 'from' | 'to';
  value: string;
}

/**
 * A range of days as two native date inputs, each in its label (the dashboard's and the daily reports'
 * filters). The labels are the i18n keys `<labels>.from` / `<labels>.to`, the inputs carry `<testId>-from` /
 * `<testId>-to`. `linked`: neither end can be set past the other (`min` / `max`). `stacked`: the label over
 * its input, in a box of its own (the daily reports), else beside it. What a change means is the page's: it
 * gets the end and the input's value. The host takes no box (`display: contents`): the labels lay out in the
 * page's filter row as if written there.
 */
@Component({
  selector: 'tz-date-range',
  imports: [TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'tz-contents' },
  template: `
    @for (end of ends; track end) {
      <label [class.date]="stacked()" [class.inline]="!stacked()">
        <span>{{ labels() + '.' + end | t }}</span>
        <input
          type="date"
          [value]="end === 'from' ? from() : to()"
          [attr.min]="linked() && end === 'to' ? from() : null"
          [attr.max]="linked() && end === 'from' ? to() : null"
          (change)="emit(end, $event)"
          [attr.data-testid]="testId() + '-' + end"
        />
      </label>
    }
  `,
  styles: `
    .inline {
      display: flex;
      align-items: center;
      gap: 6px;
    }
    .date {
      display: flex;
      flex-direction: column;
      gap: 2px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .date input {
      font: var(--mat-sys-body-large);
      padding: 10px 8px;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 4px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
    @media (max-width: 599px) {
      .date {
        flex: 1 1 40%;
      }
      .date input {
        width: 100%;
      }
    }
  `,
})
export class DateRangeComponent {
  /** The first day (YYYY-MM-DD). */
  readonly from = input.required<string>();
  /** The last day (YYYY-MM-DD). */
  readonly to = input.required<string>();
  /** i18n prefix of the two labels (`<labels>.from`, `<labels>.to`) */
  readonly labels = input.required<string>();
  /** prefix of the inputs' test ids */
  readonly testId = input.required<string>();
  readonly linked = input(false, { transform: booleanAttribute });
  readonly stacked = input(false, { transform: booleanAttribute });
  readonly rangeChange = output<DateRangeChange>();
  protected readonly ends = ['from', 'to'] as const;

  protected emit(end: DateRangeChange['end'], event: Event): void {
    this.rangeChange.emit({ end, value: (event.target as HTMLInputElement).value });
  }
}
