import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { Router } from '@angular/router';
import type { DailyReportDto } from '@taizhang/contracts';
import { of } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { DailyReportsApi } from '../data/daily-reports.api';
import { dayRows, effectiveRange, reportUnits, totals, unitDepth } from '../data/daily-reports';

/**
 * 每日清零: the frozen figures of one town/county/city per day (opened, solved, still pending, overdue).
 * Unit and dates live in the address (`/daily-reports?unitId=…&from=…&to=…`).
 */
@Component({
  selector: 'tz-daily-reports-page',
  imports: [MatFormFieldModule, MatSelectModule, TPipe, LoadStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <h1 class="tz-page-title" data-testid="page-title">{{ 'dailyReports.title' | t }}</h1>
      <p class="hint">{{ 'dailyReports.hint' | t }}</p>

      <div class="filters tz-row">
        <mat-form-field class="unit-field">
          <mat-label>{{ 'dailyReports.unit' | t }}</mat-label>
          <mat-select
            [value]="selectedUnitId()"
            (selectionChange)="go({ unitId: $event.value })"
            data-testid="daily-unit"
          >
            @for (u of units(); track u.id) {
              <mat-option [value]="u.id" data-testid="daily-unit-option">
                <span [style.padding-left.px]="depth(u.kind) * 16">{{ u.name }}</span>
              </mat-option>
            }
          </mat-select>
        </mat-form-field>
        <label class="date">
          <span>{{ 'dailyReports.from' | t }}</span>
          <input
            type="date"
            [value]="range().from"
            [max]="range().to"
            (change)="setDate('from', $event)"
            data-testid="daily-from"
          />
        </label>
        <label class="date">
          <span>{{ 'dailyReports.to' | t }}</span>
          <input
            type="date"
            [value]="range().to"
            [min]="range().from"
            (change)="setDate('to', $event)"
            data-testid="daily-to"
          />
        </label>
      </div>

      <tz-load-state
        [loading]="(reports.isLoading() && !reports.hasValue()) || !selectedUnitId()"
        [error]="reports.error()"
        (retry)="reports.reload()"
      >
        <div class="tz-table-wrap">
          <table class="simple" data-testid="daily-table">
            <caption class="tz-visually-hidden">
              {{
                unitName()
              }}
              {{
                'dailyReports.title' | t
              }}
            </caption>
            <thead>
              <tr>
                <th scope="col">{{ 'dailyReports.date' | t }}</th>
                <th scope="col" class="n">{{ 'dailyReports.opened' | t }}</th>
                <th scope="col" class="n">{{ 'dailyReports.solved' | t }}</th>
                <th scope="col" class="n">{{ 'dailyReports.pending' | t }}</th>
                <th scope="col" class="n">{{ 'dailyReports.overdue' | t }}</th>
              </tr>
            </thead>
            <tbody>
              @for (row of rows(); track row.date) {
                <tr data-testid="daily-row" [attr.data-date]="row.date" [class.missing]="!row.report">
                  <th scope="row">{{ dayLabel(row.date) }}</th>
                  @if (row.report; as r) {
                    <td class="n" data-testid="daily-opened">{{ r.opened }}</td>
                    <td class="n" data-testid="daily-solved">{{ r.solved }}</td>
                    <td class="n" data-testid="daily-pending" [class.cleared]="r.pending === 0">
                      {{ r.pending }}
                    </td>
                    <td class="n" data-testid="daily-overdue" [class.bad]="r.overdue > 0">{{ r.overdue }}</td>
                  } @else {
                    <td class="n" colspan="4">{{ 'dailyReports.notFrozen' | t }}</td>
                  }
                </tr>
              }
            </tbody>
            <tfoot>
              <tr data-testid="daily-total">
                <th scope="row">{{ 'dailyReports.total' | t }}</th>
                <td class="n">{{ sum().opened }}</td>
                <td class="n">{{ sum().solved }}</td>
                <td class="n">{{ sum().pending ?? '—' }}</td>
                <td class="n">{{ sum().overdue ?? '—' }}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        <p class="note">{{ 'dailyReports.totalNote' | t }}</p>
      </tz-load-state>
    </div>
  `,
  styles: `
    .hint,
    .note {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .hint {
      margin: -8px 0 16px;
    }
    .filters {
      margin-bottom: 12px;
      align-items: flex-start;
    }
    .unit-field {
      min-width: 240px;
      flex: 1 1 240px;
      max-width: 360px;
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
    .simple {
      border-collapse: collapse;
      min-width: 100%;
    }
    .simple th,
    .simple td {
      text-align: left;
      padding: 8px 12px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      white-space: nowrap;
    }
    .simple .n {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .simple thead th {
      font: var(--mat-sys-title-small);
    }
    .simple tfoot th,
    .simple tfoot td {
      font-weight: 600;
      border-bottom: 0;
    }
    .missing td {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .bad {
      color: #c62828;
      font-weight: 600;
    }
    .cleared {
      color: #2e7d32;
    }
    @media (max-width: 599px) {
      .unit-field {
        max-width: none;
        flex-basis: 100%;
      }
      .date {
        flex: 1 1 40%;
      }
      .date input {
        width: 100%;
      }
      .simple th,
      .simple td {
        padding: 8px 6px;
      }
    }
  `,
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

  constructor() {
    this.ref.ensureLoaded();
  }

  protected depth(kind: Parameters<typeof unitDepth>[0]): number {
    return unitDepth(kind);
  }

  /** e.g. 2026/03/02 周一 — the weekday, because weekends and holidays explain quiet days. */
  protected dayLabel(date: string): string {
    const d = new Date(`${date}T12:00:00+08:00`);
    return `${this.i18n.formatDate(d)} ${this.i18n.t(`weekday.${d.getUTCDay()}`)}`;
  }

  protected setDate(which: 'from' | 'to', event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (value) this.go({ [which]: value });
  }

  protected go(change: { unitId?: string; from?: string; to?: string }): void {
    const { from, to } = this.range();
    const next = { unitId: this.selectedUnitId(), from, to, ...change };
    const fixed = effectiveRange(new Date(), next.from, next.to);
    void this.router.navigate([], { queryParams: { unitId: next.unitId, ...fixed }, replaceUrl: true });
  }
}
