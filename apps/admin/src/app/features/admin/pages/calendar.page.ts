import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import type { CalendarDayDto } from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { NotifyService } from '../../../core/notify.service';
import { SaveHeaderComponent } from '../../../shared/ui/save-header.component';
import { TableStateComponent } from '../../../shared/ui/table-state.component';
import { TPipe } from '../../../core/i18n/t.pipe';
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
  imports: [TPipe, TableStateComponent, SaveHeaderComponent, MatButtonModule, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './calendar.page.html',
  styleUrl: './calendar.page.scss',
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
