import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../../core/auth/auth.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { DateRangeComponent } from '../../../shared/ui/date-range.component';
import { downloadState } from '../../../shared/ui/download-state';
import { CategoryTableComponent } from '../components/category-table.component';
import { ChartComponent } from '../components/chart.component';
import { ScorecardTableComponent } from '../components/scorecard-table.component';
import { SummaryCardsComponent } from '../components/summary-cards.component';
import { UnitTableComponent } from '../components/unit-table.component';
import { ResumptionPanelComponent } from '../components/resumption-panel.component';
import { VisitsPanelComponent } from '../components/visits-panel.component';
import { unitBreadcrumb } from '../data/breadcrumb';
import type { ChartSpec } from '../data/chart-spec';
import { DashboardApi } from '../data/dashboard.api';
import { valueOrNull } from '../../../shared/util/resource-value';
import { addDays, shanghaiDate } from '../../../shared/util/day';

const SOLVED_COLOR = '#2e7d32';
const PENDING_COLOR = '#ef6c00';
const OVERDUE_COLOR = '#c62828';
const OPENED_COLOR = '#1565c0';

@Component({
  selector: 'tz-dashboard-page',
  imports: [
    RouterLink,
    TPipe,
    LoadStateComponent,
    DateRangeComponent,
    ChartComponent,
    SummaryCardsComponent,
    UnitTableComponent,
    CategoryTableComponent,
    ScorecardTableComponent,
    ResumptionPanelComponent,
    VisitsPanelComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dashboard.page.html',
  styleUrls: ['../../../shared/ui/panel.scss', './dashboard.page.scss'],
})
export class DashboardPage {
  /** Query parameter (`/dashboard?unitId=…`), bound by the router: the unit drilled down to. */
  readonly unitId = input<string>();
  /** Query parameters: the range of opening days of the rates and the scorecard (default: the last 30 days). */
  // the router binds query parameters by name (`?from=&to=`); `from`/`to` are the computed days below
  // eslint-disable-next-line @angular-eslint/no-input-rename
  readonly fromParam = input<string>(undefined, { alias: 'from' });
  // eslint-disable-next-line @angular-eslint/no-input-rename
  readonly toParam = input<string>(undefined, { alias: 'to' });
  protected readonly from = computed(() => this.fromParam() || addDays(shanghaiDate(new Date()), -29));
  protected readonly to = computed(() => this.toParam() || shanghaiDate(new Date()));

  private readonly api = inject(DashboardApi);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18nService);
  protected readonly ref = inject(ReferenceDataService);

  protected readonly ownUnitId = computed(() => this.auth.user()?.unitId ?? null);
  private readonly range = computed(() => ({
    unitId: this.unitId() || null,
    from: this.from(),
    to: this.to(),
  }));
  protected readonly summary = rxResource({
    params: () => this.range(),
    stream: ({ params }) => this.api.summary(params),
  });
  /** 考核排名 is for managers and admins (the API answers 403 to the others). */
  protected readonly canRate = computed(() => ['admin', 'manager'].includes(this.auth.user()?.role ?? ''));
  protected readonly scorecard = rxResource({
    params: () => (this.canRate() ? this.range() : undefined),
    stream: ({ params }) => this.api.scorecard(params),
  });
  private readonly scorecardDownload = downloadState();
  protected readonly exportingScorecard = this.scorecardDownload.busy;
  protected readonly data = valueOrNull(this.summary);

  /** From the user's own unit down to the one shown (units from the reference data). */
  protected readonly crumbs = computed(() =>
    unitBreadcrumb(this.ref.units() ?? [], this.ownUnitId(), this.unitId()),
  );
  private readonly download = downloadState();
  protected readonly exporting = this.download.busy;

  constructor() {
    this.ref.ensureLoaded();
  }

  private readonly seriesNames = computed(() => ({
    solved: this.i18n.t('dashboard.solved'),
    pending: this.i18n.t('dashboard.pending'),
    overdue: this.i18n.t('dashboard.overdue'),
    opened: this.i18n.t('dashboard.opened'),
  }));

  protected readonly categoryChart = computed<ChartSpec>(() => {
    const rows = this.data()?.byCategory ?? [];
    return this.stackedBar(
      rows.map((r) => this.ref.categoryLabel(r.categoryCode)),
      rows,
    );
  });

  protected readonly unitChart = computed<ChartSpec>(() => {
    const rows = this.data()?.byUnit ?? [];
    return this.stackedBar(
      rows.map((r) => r.unitName),
      rows,
    );
  });

  protected readonly trendChart = computed<ChartSpec>(() => {
    const trend = this.data()?.trend ?? [];
    const names = this.seriesNames();
    return {
      kind: 'line',
      categories: trend.map((d) => d.date),
      series: [
        { name: names.opened, data: trend.map((d) => d.opened), color: OPENED_COLOR },
        { name: names.solved, data: trend.map((d) => d.solved), color: SOLVED_COLOR },
      ],
    };
  });

  protected openCategory(index: number): void {
    const row = this.data()?.byCategory[index];
    if (row)
      void this.router.navigate(['/cases'], {
        queryParams: { category: row.categoryCode, unitId: this.unitId() || null },
      });
  }

  /** A unit's bar drills down to that unit's dashboard (its ledger is the row's link in the table). */
  protected openUnit(index: number): void {
    const row = this.data()?.byUnit[index];
    if (row) void this.router.navigate(['/dashboard'], { queryParams: { unitId: row.unitId } });
  }

  /** A new range: kept in the URL, so it survives a reload and can be shared. */
  protected setRange(which: 'from' | 'to', value: string): void {
    void this.router.navigate([], { queryParams: { [which]: value || null }, queryParamsHandling: 'merge' });
  }

  protected exportScorecard(): void {
    this.scorecardDownload.run(this.api.scorecardXlsx(this.range()), () =>
      this.i18n.t('scorecard.fileName', { from: this.from(), to: this.to() }),
    );
  }

  /** The current unit's ledger as a workbook (the API checks the jurisdiction). */
  protected exportXlsx(): void {
    this.download.run(this.api.exportXlsx(this.unitId() || null), () => this.i18n.t('ledger.exportFileName'));
  }

  /** Solved and pending stacked (= the total), overdue beside them. */
  private stackedBar(
    categories: string[],
    rows: { solved: number; pending: number; overdue: number }[],
  ): ChartSpec {
    const names = this.seriesNames();
    return {
      kind: 'bar',
      categories,
      series: [
        { name: names.solved, data: rows.map((r) => r.solved), color: SOLVED_COLOR, stacked: true },
        { name: names.pending, data: rows.map((r) => r.pending), color: PENDING_COLOR, stacked: true },
        { name: names.overdue, data: rows.map((r) => r.overdue), color: OVERDUE_COLOR },
      ],
    };
  }
}
