import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { rxResource } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { PENDING_STATUSES, SOLVED_STATUSES, type DashboardSummary } from '@taizhang/contracts';
import type { EChartsCoreOption } from 'echarts/core';
import { AuthService } from '../../../core/auth/auth.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { NotifyService } from '../../../core/notify.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { saveBlob } from '../../../shared/util/save-blob';
import { ChartComponent } from '../components/chart.component';
import { ResumptionPanelComponent } from '../components/resumption-panel.component';
import { VisitsPanelComponent } from '../components/visits-panel.component';
import { unitBreadcrumb } from '../data/breadcrumb';
import { DashboardApi } from '../data/dashboard.api';

interface Card {
  key: 'total' | 'solved' | 'pending' | 'overdue';
  value: number;
  queryParams: Record<string, string | string[]>;
}

const SOLVED_COLOR = '#2e7d32';
const PENDING_COLOR = '#ef6c00';
const OVERDUE_COLOR = '#c62828';
const OPENED_COLOR = '#1565c0';

@Component({
  selector: 'tz-dashboard-page',
  imports: [
    RouterLink,
    MatButtonModule,
    TPipe,
    LoadStateComponent,
    ChartComponent,
    ResumptionPanelComponent,
    VisitsPanelComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <div class="head">
        <h1 class="tz-page-title">{{ 'dashboard.title' | t }}</h1>
        <button
          mat-stroked-button
          type="button"
          (click)="exportXlsx()"
          [disabled]="exporting()"
          data-testid="dashboard-export"
        >
          {{ 'dashboard.export' | t }}
        </button>
      </div>
      @if (crumbs().length) {
        <nav class="crumbs" [attr.aria-label]="'dashboard.breadcrumb' | t" data-testid="dashboard-breadcrumb">
          <ol>
            @for (unit of crumbs(); track unit.id; let last = $last) {
              <li>
                <a
                  routerLink="/dashboard"
                  [queryParams]="{ unitId: unit.id === ownUnitId() ? null : unit.id }"
                  [attr.aria-current]="last ? 'page' : null"
                  [attr.data-unit-id]="unit.id"
                  data-testid="dashboard-crumb"
                  >{{ unit.name }}</a
                >
              </li>
            }
          </ol>
        </nav>
      }
      <tz-load-state
        [loading]="summary.isLoading() && !summary.hasValue()"
        [error]="summary.error()"
        (retry)="summary.reload()"
      >
        @if (data(); as s) {
          <section class="cards" [attr.aria-label]="'dashboard.figures' | t">
            @for (card of cards(); track card.key) {
              <a
                class="tz-card card"
                [class]="'card-' + card.key"
                routerLink="/cases"
                [queryParams]="card.queryParams"
                [attr.data-testid]="'dashboard-' + card.key"
              >
                <span class="value">{{ i18n.formatNumber(card.value, 0) }}</span>
                <span class="label">{{ 'dashboard.' + card.key | t }}</span>
              </a>
            }
            <div class="tz-card card" data-testid="dashboard-median">
              <span class="value">{{ i18n.formatNumber(s.medianHoursToSolve) }}</span>
              <span class="label">{{ 'dashboard.medianHours' | t }}</span>
            </div>
          </section>
          <tz-resumption-panel [resumption]="s.resumption" />
          <tz-visits-panel [unitId]="unitId() || null" />

          @if (s.total === 0) {
            <p class="empty" data-testid="dashboard-empty">{{ 'dashboard.empty' | t }}</p>
          } @else {
            <div class="charts">
              <section class="tz-card">
                <h2 class="h2">{{ 'dashboard.byCategory' | t }}</h2>
                <tz-chart
                  [option]="categoryOption()"
                  [label]="'dashboard.byCategory' | t"
                  (itemClick)="openCategory($event)"
                />
              </section>
              <section class="tz-card">
                <h2 class="h2">{{ 'dashboard.byUnit' | t }}</h2>
                <tz-chart
                  [option]="unitOption()"
                  [label]="'dashboard.byUnit' | t"
                  (itemClick)="openUnit($event)"
                />
              </section>
              <section class="tz-card wide">
                <h2 class="h2">{{ 'dashboard.trend' | t }}</h2>
                <tz-chart [option]="trendOption()" [label]="'dashboard.trend' | t" />
              </section>
            </div>

            <section class="tz-card table-card">
              <h2 class="h2">{{ 'dashboard.byUnit' | t }}</h2>
              <div class="tz-table-wrap">
                <table class="simple">
                  <thead>
                    <tr>
                      <th scope="col">{{ 'dashboard.unit' | t }}</th>
                      <th scope="col">{{ 'dashboard.total' | t }}</th>
                      <th scope="col">{{ 'dashboard.solved' | t }}</th>
                      <th scope="col">{{ 'dashboard.pending' | t }}</th>
                      <th scope="col">{{ 'dashboard.overdue' | t }}</th>
                      <th scope="col">
                        <span class="tz-visually-hidden">{{ 'dashboard.openLedger' | t }}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (row of s.byUnit; track row.unitId) {
                      <tr data-testid="dashboard-unit-row" [attr.data-unit-id]="row.unitId">
                        <th scope="row">
                          <a
                            routerLink="/dashboard"
                            [queryParams]="{ unitId: row.unitId }"
                            [attr.title]="'dashboard.drillDown' | t"
                            data-testid="dashboard-unit-drill"
                            >{{ row.unitName }}</a
                          >
                        </th>
                        <td>{{ row.total }}</td>
                        <td>{{ row.solved }}</td>
                        <td>{{ row.pending }}</td>
                        <td>{{ row.overdue }}</td>
                        <td>
                          <a
                            routerLink="/cases"
                            [queryParams]="{ unitId: row.unitId }"
                            data-testid="dashboard-unit-ledger"
                            >{{ 'dashboard.openLedger' | t }}</a
                          >
                        </td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            </section>

            <section class="tz-card table-card">
              <h2 class="h2">{{ 'dashboard.byCategory' | t }}</h2>
              <div class="tz-table-wrap">
                <table class="simple">
                  <thead>
                    <tr>
                      <th scope="col">{{ 'ledger.category' | t }}</th>
                      <th scope="col">{{ 'dashboard.total' | t }}</th>
                      <th scope="col">{{ 'dashboard.solved' | t }}</th>
                      <th scope="col">{{ 'dashboard.pending' | t }}</th>
                      <th scope="col">{{ 'dashboard.overdue' | t }}</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (row of s.byCategory; track row.categoryCode) {
                      <tr>
                        <th scope="row">
                          <a
                            routerLink="/cases"
                            [queryParams]="{ category: row.categoryCode, unitId: unitId() || null }"
                            >{{ ref.categoryLabel(row.categoryCode) }}</a
                          >
                        </th>
                        <td>{{ row.total }}</td>
                        <td>{{ row.solved }}</td>
                        <td>{{ row.pending }}</td>
                        <td>
                          <a
                            routerLink="/cases"
                            [queryParams]="{
                              category: row.categoryCode,
                              overdue: 'true',
                              unitId: unitId() || null,
                            }"
                            >{{ row.overdue }}</a
                          >
                        </td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            </section>
          }
        }
      </tz-load-state>
    </div>
  `,
  styles: `
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
    }
    .crumbs ol {
      display: flex;
      flex-wrap: wrap;
      list-style: none;
      margin: 0 0 12px;
      padding: 0;
    }
    .crumbs li + li::before {
      content: '›';
      padding: 0 6px;
      color: var(--mat-sys-on-surface-variant);
    }
    .crumbs a[aria-current='page'] {
      font-weight: 500;
      color: inherit;
    }
    .table-card + .table-card {
      margin-top: 16px;
    }
    .cards {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
      gap: 12px;
      margin-bottom: 16px;
    }
    .card {
      display: flex;
      flex-direction: column;
      gap: 4px;
      text-decoration: none;
      color: inherit;
    }
    a.card:hover {
      background: var(--mat-sys-surface-container);
    }
    .value {
      font: var(--mat-sys-display-small);
    }
    .label {
      color: var(--mat-sys-on-surface-variant);
    }
    .card-solved .value {
      color: #2e7d32;
    }
    .card-pending .value {
      color: #b45309;
    }
    .card-overdue .value {
      color: #c62828;
    }
    .charts {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr));
      gap: 16px;
      margin-bottom: 16px;
    }
    .wide {
      grid-column: 1 / -1;
    }
    .h2 {
      font: var(--mat-sys-title-medium);
      margin: 0 0 8px;
    }
    .simple {
      width: 100%;
      border-collapse: collapse;
    }
    .simple th,
    .simple td {
      text-align: left;
      padding: 8px 12px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class DashboardPage {
  /** Query parameter (`/dashboard?unitId=…`), bound by the router: the unit drilled down to. */
  readonly unitId = input<string>();

  private readonly api = inject(DashboardApi);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  private readonly notify = inject(NotifyService);
  protected readonly i18n = inject(I18nService);
  protected readonly ref = inject(ReferenceDataService);

  protected readonly ownUnitId = computed(() => this.auth.user()?.unitId ?? null);
  protected readonly summary = rxResource({
    params: () => ({ unitId: this.unitId() || null }),
    stream: ({ params }) => this.api.summary(params.unitId),
  });
  protected readonly data = computed<DashboardSummary | null>(() =>
    this.summary.hasValue() ? this.summary.value() : null,
  );

  protected readonly cards = computed<Card[]>(() => {
    const s = this.data();
    if (!s) return [];
    const unit: Record<string, string> = this.unitId() ? { unitId: this.unitId() as string } : {};
    const cards: Card[] = [
      { key: 'total', value: s.total, queryParams: { ...unit } },
      { key: 'solved', value: s.solved, queryParams: { status: [...SOLVED_STATUSES], ...unit } },
      { key: 'pending', value: s.pending, queryParams: { status: [...PENDING_STATUSES], ...unit } },
      { key: 'overdue', value: s.overdue, queryParams: { overdue: 'true', ...unit } },
    ];
    return cards;
  });

  /** From the user's own unit down to the one shown (units from the reference data). */
  protected readonly crumbs = computed(() =>
    unitBreadcrumb(this.ref.units() ?? [], this.ownUnitId(), this.unitId()),
  );
  protected readonly exporting = signal(false);

  constructor() {
    this.ref.ensureLoaded();
  }

  private readonly seriesNames = computed(() => ({
    solved: this.i18n.t('dashboard.solved'),
    pending: this.i18n.t('dashboard.pending'),
    overdue: this.i18n.t('dashboard.overdue'),
    opened: this.i18n.t('dashboard.opened'),
  }));

  protected readonly categoryOption = computed<EChartsCoreOption>(() => {
    const rows = this.data()?.byCategory ?? [];
    const names = this.seriesNames();
    return this.stackedBar(
      rows.map((r) => this.ref.categoryLabel(r.categoryCode)),
      [
        { name: names.solved, data: rows.map((r) => r.solved), color: SOLVED_COLOR },
        { name: names.pending, data: rows.map((r) => r.pending), color: PENDING_COLOR },
      ],
      rows.map((r) => r.overdue),
    );
  });

  protected readonly unitOption = computed<EChartsCoreOption>(() => {
    const rows = this.data()?.byUnit ?? [];
    const names = this.seriesNames();
    return this.stackedBar(
      rows.map((r) => r.unitName),
      [
        { name: names.solved, data: rows.map((r) => r.solved), color: SOLVED_COLOR },
        { name: names.pending, data: rows.map((r) => r.pending), color: PENDING_COLOR },
      ],
      rows.map((r) => r.overdue),
    );
  });

  protected readonly trendOption = computed<EChartsCoreOption>(() => {
    const trend = this.data()?.trend ?? [];
    const names = this.seriesNames();
    return {
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: trend.map((d) => d.date) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'line',
          name: names.opened,
          data: trend.map((d) => d.opened),
          color: OPENED_COLOR,
          smooth: true,
        },
        {
          type: 'line',
          name: names.solved,
          data: trend.map((d) => d.solved),
          color: SOLVED_COLOR,
          smooth: true,
        },
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

  /** The current unit's ledger as a workbook (the API checks the jurisdiction). */
  protected exportXlsx(): void {
    this.exporting.set(true);
    this.api.exportXlsx(this.unitId() || null).subscribe({
      next: (blob) => {
        this.exporting.set(false);
        saveBlob(blob, this.i18n.t('ledger.exportFileName'));
      },
      error: (err: unknown) => {
        this.exporting.set(false);
        this.notify.error(err, 'ledger.exportFailed');
      },
    });
  }

  private stackedBar(
    categories: string[],
    stacks: { name: string; data: number[]; color: string }[],
    overdue: number[],
  ): EChartsCoreOption {
    return {
      aria: { enabled: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 72, containLabel: true },
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: { interval: 0, rotate: categories.length > 5 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        ...stacks.map((s) => ({ type: 'bar', stack: 'cases', name: s.name, data: s.data, color: s.color })),
        { type: 'bar', name: this.seriesNames().overdue, data: overdue, color: OVERDUE_COLOR },
      ],
    };
  }
}
