import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { CaseHopDto } from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';

/** Hops in the order the case travelled (by arrival). */
export function byArrival(hops: readonly CaseHopDto[]): CaseHopDto[] {
  return [...hops].sort((a, b) => Date.parse(a.arrivedAt) - Date.parse(b.arrivedAt));
}

/** Hours held, said briefly: under a day in hours (one decimal), from a day on in days and hours. */
export function heldParts(hours: number): { days: number; hours: number } {
  const h = Math.max(0, hours);
  if (h < 24) return { days: 0, hours: Math.round(h * 10) / 10 };
  const days = Math.floor(h / 24);
  return { days, hours: Math.round(h - days * 24) };
}

/** Time held per unit: every unit that held the case, when it arrived and left, and for how long. */
@Component({
  selector: 'tz-case-hops',
  imports: [TPipe, TzDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (sorted().length === 0) {
      <p class="empty">{{ 'hops.empty' | t }}</p>
    } @else {
      <div class="tz-table-wrap">
        <table class="simple" data-testid="hops-table">
          <thead>
            <tr>
              <th scope="col">{{ 'hops.unit' | t }}</th>
              <th scope="col">{{ 'hops.arrivedAt' | t }}</th>
              <th scope="col">{{ 'hops.leftAt' | t }}</th>
              <th scope="col" class="n">{{ 'hops.held' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (h of sorted(); track h.unitId + h.arrivedAt) {
              <tr data-testid="hop-row" [attr.data-unit-id]="h.unitId" [class.current]="!h.leftAt">
                <th scope="row">
                  <span data-testid="hop-unit">{{ h.unitName }}</span>
                  <span class="level">{{ 'level.' + h.level | t }}</span>
                </th>
                <td class="nowrap">{{ h.arrivedAt | tzDate }}</td>
                <td class="nowrap">
                  @if (h.leftAt) {
                    {{ h.leftAt | tzDate }}
                  } @else {
                    <span class="holding">{{ 'hops.holding' | t }}</span>
                  }
                </td>
                <td class="n nowrap" data-testid="hop-held">{{ held(h.hoursHeld) }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styleUrl: '../../../shared/ui/simple-table.scss',
  styles: `
    .simple th,
    .simple td {
      padding: 6px 8px;
      vertical-align: top;
      font: var(--mat-sys-body-medium);
    }
    .simple thead th {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .simple tbody tr:last-child th,
    .simple tbody tr:last-child td {
      border-bottom: 0;
    }
    .simple .n {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .level {
      display: block;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .nowrap {
      white-space: nowrap;
    }
    .current th,
    .current td {
      background: var(--mat-sys-surface-container-low);
    }
    .holding {
      color: var(--mat-sys-primary);
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class CaseHopsComponent {
  readonly hops = input<readonly CaseHopDto[]>([]);
  private readonly i18n = inject(I18nService);
  protected readonly sorted = computed(() => byArrival(this.hops()));

  protected held(hours: number): string {
    const { days, hours: h } = heldParts(hours);
    const n = (v: number) => this.i18n.formatNumber(v, 1);
    return days
      ? this.i18n.t('hops.daysHours', { days: n(days), hours: n(h) })
      : this.i18n.t('hops.hours', { hours: n(h) });
  }
}
