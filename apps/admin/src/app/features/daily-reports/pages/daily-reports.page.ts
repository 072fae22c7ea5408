import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { DAILY_FIGURES, type DailyFigure, type DailyReportDto } from '@taizhang/contracts';
import { of } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { DateRangeComponent, type DateRangeChange } from '../../../shared/ui/date-range.component';
import { DailyReportsApi } from '../data/daily-reports.api';
import { downloadState } from '../../../shared/ui/download-state';
import { dayRows, effectiveRange, reportUnits, totals, unitDepth } from '../data/daily-reports';

/**
 * 每日清零: the frozen figures of one town/county/city per day (opened, solved, still pending, overdue).
 * Unit and dates live in the address (`/daily-reports?unitId=…&from=…&to=…`).
 */
@Component({
  selector: 'tz-daily-reports-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    RouterLink,
    TPipe,
    LoadStateComponent,
    DateRangeComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './daily-reports.page.html',
  styleUrls: [
    '../../../shared/ui/panel.scss',
    '../../../shared/ui/simple-table.scss',
    './daily-reports.page.scss',
  ],
})
export class DailyReportsPage {
  /** Query parameters, bound by the router. */
  readonly unitId = input<string>();
  readonly from = input<string>();
  readonly to = input<string>();

  private readonly api = inject(DailyReportsApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);
  private readonly ref = inject(ReferenceDataService);

  protected readonly units = computed(() =>
    reportUnits(this.ref.units() ?? [], this.auth.role(), this.auth.user()?.unitId ?? null),
  );
  /** The address's unit when it is one of ours, else the user's own (an admin: the first, the city). */
  protected readonly selectedUnitId = computed(() => {
    const units = this.units();
    const wanted = this.unitId();
    return units.find((u) => u.id === wanted)?.id ?? units[0]?.id ?? null;
  });
  protected readonly unitName = computed(
    () => this.units().find((u) => u.id === this.selectedUnitId())?.name ?? '',
  );
  protected readonly range = computed(() => effectiveRange(new Date(), this.from(), this.to()));

  protected readonly reports = rxResource<
    DailyReportDto[],
    { unitId: string | null; from: string; to: string }
  >({
    params: () => ({ unitId: this.selectedUnitId(), ...this.range() }),
    stream: ({ params }) =>
      params.unitId ? this.api.list({ unitId: params.unitId, from: params.from, to: params.to }) : of([]),
  });
  protected readonly rows = computed(() => {
    const unitId = this.selectedUnitId();
    const { from, to } = this.range();
    return unitId ? dayRows(this.reports.hasValue() ? this.reports.value() : [], unitId, from, to) : [];
  });
  protected readonly sum = computed(() => totals(this.rows()));

  /** Today's figures, live (read again on every visit and unit change). */
  protected readonly live = rxResource({
    params: () => this.selectedUnitId() ?? undefined,
    stream: ({ params }) => this.api.today(params),
  });
  protected readonly liveFigures: readonly DailyFigure[] = DAILY_FIGURES;
  protected readonly today = computed(() =>
    this.live.hasValue() ? this.live.value().reportDate : this.range().to,
  );
  /** The figure drilled into, if any: its cases are listed below the table. */
  protected readonly drilled = signal<{ date: string; figure: DailyFigure } | null>(null);
  protected readonly drillCases = rxResource({
    params: () => {
      const d = this.drilled();
      const unitId = this.selectedUnitId();
      return d && unitId ? { ...d, unitId } : undefined;
    },
    stream: ({ params }) => this.api.cases(params.unitId, params.date, params.figure),
  });
  private readonly download = downloadState();
  protected readonly exporting = this.download.busy;

  constructor() {
    this.ref.ensureLoaded();
  }

  protected drill(date: string, figure: DailyFigure): void {
    this.drilled.set({ date, figure });
  }

  protected print(): void {
    window.print();
  }

  protected exportXlsx(): void {
    const unitId = this.selectedUnitId();
    if (!unitId) return;
    const { from, to } = this.range();
    this.download.run(this.api.exportXlsx(unitId, from, to), () =>
      this.i18n.t('dailyReports.fileName', { date: this.today() }),
    );
  }

  protected depth(kind: Parameters<typeof unitDepth>[0]): number {
    return unitDepth(kind);
  }

  /** e.g. 2026/03/02 周一 — the weekday, because weekends and holidays explain quiet days. */
  protected dayLabel(date: string): string {
    const d = new Date(`${date}T12:00:00+08:00`);
    return `${this.i18n.formatDate(d)} ${this.i18n.t(`weekday.${d.getUTCDay()}`)}`;
  }

  protected setDate({ end, value }: DateRangeChange): void {
    if (value) this.go({ [end]: value });
  }

  protected go(change: { unitId?: string; from?: string; to?: string }): void {
    const { from, to } = this.range();
    const next = { unitId: this.selectedUnitId(), from, to, ...change };
    const fixed = effectiveRange(new Date(), next.from, next.to);
    void this.router.navigate([], { queryParams: { unitId: next.unitId, ...fixed }, replaceUrl: true });
  }
}
