import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import type { CalendarDayDto } from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { NotifyService } from '../../../core/notify.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { PageHeaderComponent } from '../../../shared/ui/page-header.component';
import { saveState } from '../../../shared/ui/save-state';
import { TableComponent } from '../../../shared/ui/table.component';
import { AdminApi } from '../data/admin.api';
import {
  CalendarRow,
  RowError,
  likelyKind,
  rowErrors,
  sortRows,
  toDays,
  weekdayOf,
} from '../data/calendar-rows';

/**
 * The working-time calendar: holidays on Mon–Fri and make-up working days (调休) on Sat/Sun, with names.
 * Edited as a list and saved whole (`PUT /api/calendar`); the API's refusals show under their rows.
 */
@Component({
  selector: 'tz-calendar-page',
  imports: [MatButtonModule, TPipe, LoadStateComponent, PageHeaderComponent, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <tz-page-header [title]="'admin.calendar' | t" [hint]="'calendar.hint' | t">
        <button
          mat-stroked-button
          type="button"
          (click)="add()"
          [disabled]="!calendar.hasValue()"
          data-testid="calendar-add"
        >
          {{ 'calendar.add' | t }}
        </button>
        <button
          mat-flat-button
          type="button"
          (click)="save()"
          [disabled]="saving.busy() || !calendar.hasValue()"
          data-testid="calendar-save"
        >
          {{ 'common.save' | t }}
        </button>
      </tz-page-header>

      @if (generalErrors().length) {
        <div class="banner" role="alert" data-testid="calendar-error">
          @for (e of generalErrors(); track $index) {
            <div>{{ say(e) }}</div>
          }
        </div>
      }

      <tz-load-state
        [loading]="calendar.isLoading() && !calendar.hasValue()"
        [error]="calendar.error()"
        [empty]="rows().length === 0"
        [emptyText]="'calendar.empty' | t"
        (retry)="calendar.reload()"
      >
        <div class="tz-table-wrap">
          <table tzTable class="top">
            <thead>
              <tr>
                <th scope="col">{{ 'calendar.date' | t }}</th>
                <th scope="col">{{ 'calendar.kind' | t }}</th>
                <th scope="col">{{ 'calendar.name' | t }}</th>
                <th scope="col">
                  <span class="tz-visually-hidden">{{ 'calendar.remove' | t }}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              @for (r of rows(); track r.key; let i = $index) {
                <tr data-testid="calendar-row" [attr.data-date]="r.date" [class.invalid]="errors().has(i)">
                  <td>
                    <input
                      type="date"
                      class="in date"
                      [value]="r.date"
                      (change)="setDate(r.key, $event)"
                      [attr.aria-label]="'calendar.date' | t"
                      data-testid="calendar-date"
                    />
                    <span class="wd">{{ weekday(r.date) }}</span>
                  </td>
                  <td>
                    <select
                      class="in"
                      [value]="r.kind"
                      (change)="setKind(r.key, $event)"
                      [attr.aria-label]="'calendar.kind' | t"
                      data-testid="calendar-kind"
                    >
                      <option value="holiday" [selected]="r.kind === 'holiday'">
                        {{ 'calendarKind.holiday' | t }}
                      </option>
                      <option value="workday" [selected]="r.kind === 'workday'">
                        {{ 'calendarKind.workday' | t }}
                      </option>
                    </select>
                  </td>
                  <td class="name-cell">
                    <input
                      type="text"
                      class="in name"
                      maxlength="50"
                      [value]="r.name"
                      (input)="setName(r.key, $event)"
                      [attr.aria-label]="'calendar.name' | t"
                      [attr.placeholder]="'calendar.namePlaceholder' | t"
                      data-testid="calendar-name"
                    />
                    @for (e of errors().get(i) ?? []; track $index) {
                      <div class="tz-error-text row-error" data-testid="calendar-row-error">{{ say(e) }}</div>
                    }
                  </td>
                  <td>
                    <button
                      mat-icon-button
                      type="button"
                      (click)="remove(r.key)"
                      [attr.aria-label]="('calendar.remove' | t) + ' ' + r.date"
                      data-testid="calendar-remove"
                    >
                      <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path
                          d="M6 6l12 12M18 6L6 18"
                          stroke="currentColor"
                          stroke-width="2"
                          stroke-linecap="round"
                        />
                      </svg>
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <p class="count">{{ 'calendar.count' | t: counts() }}</p>
      </tz-load-state>
    </div>
  `,
  styles: `
    .count {
      color: var(--mat-sys-on-surface-variant);
    }
    .banner {
      padding: 12px 16px;
      margin-bottom: 12px;
      border-radius: 12px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .tz-table th,
    .tz-table td {
      padding: 6px 8px;
    }
    .invalid td {
      background: color-mix(in srgb, var(--mat-sys-error-container) 45%, transparent);
    }
    .in {
      font: inherit;
      padding: 6px 8px;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 6px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
    .wd {
      margin-left: 8px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
      white-space: nowrap;
    }
    .name-cell {
      min-width: 160px;
    }
    .name {
      width: 100%;
    }
    .row-error {
      font: var(--mat-sys-body-small);
      margin-top: 4px;
    }
  `,
})
export class CalendarPage {
  private readonly api = inject(AdminApi);
  private readonly notify = inject(NotifyService);
  private readonly i18n = inject(I18nService);
  protected readonly calendar = rxResource({ stream: () => this.api.calendar() });
  protected readonly rows = signal<CalendarRow[]>([]);
  protected readonly saving = saveState();
  /** The last refusal, by the index of the row that was sent. */
  protected readonly errors = signal<Map<number, RowError[]>>(new Map());
  protected readonly generalErrors = computed(() => this.errors().get(-1) ?? []);
  protected readonly counts = computed(() => ({
    holidays: this.rows().filter((r) => r.kind === 'holiday').length,
    workdays: this.rows().filter((r) => r.kind === 'workday').length,
  }));
  private nextKey = 1;

  constructor() {
    effect(() => {
      if (this.calendar.hasValue()) this.load(this.calendar.value().days);
    });
  }

  private load(days: readonly CalendarDayDto[]): void {
    this.rows.set(sortRows(days.map((d) => ({ ...d, key: this.nextKey++ }))));
    this.errors.set(new Map());
  }

  protected weekday(date: string): string {
    const wd = weekdayOf(date);
    return wd === null ? '' : this.i18n.t(`weekday.${wd}`);
  }

  protected say(e: RowError): string {
    return 'key' in e ? this.i18n.t(e.key) : e.text;
  }

  protected add(): void {
    this.rows.update((rows) => [...rows, { key: this.nextKey++, date: '', kind: 'holiday', name: '' }]);
  }

  protected remove(key: number): void {
    this.rows.update((rows) => rows.filter((r) => r.key !== key));
    this.errors.set(new Map());
  }

  protected setDate(key: number, event: Event): void {
    const date = (event.target as HTMLInputElement).value;
    this.update(key, (r) => ({ ...r, date, kind: r.date === '' && date ? likelyKind(date) : r.kind }));
  }

  protected setKind(key: number, event: Event): void {
    const kind = (event.target as HTMLSelectElement).value as CalendarDayDto['kind'];
    this.update(key, (r) => ({ ...r, kind }));
  }

  protected setName(key: number, event: Event): void {
    const name = (event.target as HTMLInputElement).value;
    this.update(key, (r) => ({ ...r, name }), false);
  }

  private update(key: number, change: (r: CalendarRow) => CalendarRow, clearErrors = true): void {
    this.rows.update((rows) => rows.map((r) => (r.key === key ? change(r) : r)));
    if (clearErrors) this.errors.set(new Map());
  }

  protected save(): void {
    // sent in date order, and shown in that order too, so `days.<i>` of a refusal is row i on screen
    const sorted = sortRows(this.rows());
    this.rows.set(sorted);
    this.errors.set(new Map());
    this.saving.run(this.api.putCalendar({ days: toDays(sorted) }), {
      done: (saved) => this.load(saved.days),
      failed: (err) => {
        const byRow = rowErrors(err);
        if (!byRow.size) return false;
        this.errors.set(byRow);
        this.notify.info('calendar.fixRows');
        return true;
      },
    });
  }
}
