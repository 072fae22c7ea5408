import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import type { DeadlinePolicyDto } from '@taizhang/contracts';
import { TPipe } from '../../../core/i18n/t.pipe';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { PageHeaderComponent } from '../../../shared/ui/page-header.component';
import { saveState } from '../../../shared/ui/save-state';
import { TableComponent } from '../../../shared/ui/table.component';
import { AdminApi } from '../data/admin.api';

type NumericField = 'respondMinutes' | 'resolveMinutes';
type FlagField = 'workingTime' | 'respondByEndOfDay';

/** Deadlines per level and priority; edited in hours, stored in minutes. */
@Component({
  selector: 'tz-deadline-policies-page',
  imports: [MatButtonModule, MatCheckboxModule, TPipe, LoadStateComponent, PageHeaderComponent, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <tz-page-header [title]="'admin.deadlinePolicies' | t" [hint]="'admin.deadlineHint' | t">
        <button
          mat-flat-button
          type="button"
          (click)="save()"
          [disabled]="saving.busy() || rows().length === 0"
          data-testid="policies-save"
        >
          {{ 'common.save' | t }}
        </button>
      </tz-page-header>
      <tz-load-state
        [loading]="policies.isLoading() && !policies.hasValue()"
        [error]="policies.error()"
        [empty]="rows().length === 0"
        (retry)="policies.reload()"
      >
        <div class="tz-table-wrap">
          <table tzTable>
            <thead>
              <tr>
                <th scope="col">{{ 'case.level' | t }}</th>
                <th scope="col">{{ 'case.priority' | t }}</th>
                <th scope="col">{{ 'policy.respondHours' | t }}</th>
                <th scope="col">{{ 'policy.resolveHours' | t }}</th>
                <th scope="col">{{ 'policy.workingTime' | t }}</th>
                <th scope="col">{{ 'policy.respondByEndOfDay' | t }}</th>
                <th scope="col">{{ 'policy.maxExtensionDays' | t }}</th>
              </tr>
            </thead>
            <tbody>
              @for (p of rows(); track $index; let i = $index) {
                <tr data-testid="policy-row">
                  <th scope="row">{{ 'level.' + p.level | t }}</th>
                  <td>{{ 'priority.' + p.priority | t }}</td>
                  <td>
                    <input
                      class="num"
                      type="number"
                      min="0"
                      step="0.5"
                      [value]="hours(p.respondMinutes)"
                      (change)="setHours(i, 'respondMinutes', $event)"
                      [attr.aria-label]="
                        ('level.' + p.level | t) +
                        ' ' +
                        ('priority.' + p.priority | t) +
                        ' ' +
                        ('policy.respondHours' | t)
                      "
                    />
                  </td>
                  <td>
                    <input
                      class="num"
                      type="number"
                      min="0"
                      step="0.5"
                      [value]="hours(p.resolveMinutes)"
                      (change)="setHours(i, 'resolveMinutes', $event)"
                      [attr.aria-label]="
                        ('level.' + p.level | t) +
                        ' ' +
                        ('priority.' + p.priority | t) +
                        ' ' +
                        ('policy.resolveHours' | t)
                      "
                    />
                  </td>
                  <td>
                    <mat-checkbox
                      [checked]="p.workingTime"
                      (change)="setFlag(i, 'workingTime', $event.checked)"
                      [aria-label]="'policy.workingTime' | t"
                    />
                  </td>
                  <td>
                    <mat-checkbox
                      [checked]="p.respondByEndOfDay"
                      (change)="setFlag(i, 'respondByEndOfDay', $event.checked)"
                      [aria-label]="'policy.respondByEndOfDay' | t"
                    />
                  </td>
                  <td>
                    <input
                      class="num"
                      type="number"
                      min="0"
                      max="60"
                      step="1"
                      [value]="p.maxExtensionDays ?? 5"
                      (change)="setExtensionDays(i, $event)"
                      data-testid="policy-max-extension-days"
                      [attr.aria-label]="
                        ('level.' + p.level | t) +
                        ' ' +
                        ('priority.' + p.priority | t) +
                        ' ' +
                        ('policy.maxExtensionDays' | t)
                      "
                    />
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </tz-load-state>
    </div>
  `,
  styles: `
    .num {
      width: 96px;
      padding: 6px 8px;
      font: inherit;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 6px;
    }
  `,
})
export class DeadlinePoliciesPage {
  private readonly api = inject(AdminApi);
  protected readonly saving = saveState();
  protected readonly policies = rxResource({ stream: () => this.api.deadlinePolicies() });
  protected readonly rows = signal<DeadlinePolicyDto[]>([]);

  constructor() {
    effect(() => {
      if (this.policies.hasValue()) this.rows.set(this.policies.value().map((p) => ({ ...p })));
    });
  }

  protected hours(minutes: number): number {
    return Math.round((minutes / 60) * 100) / 100;
  }

  protected setHours(index: number, field: NumericField, event: Event): void {
    const value = Number((event.target as HTMLInputElement).value);
    if (!Number.isFinite(value) || value < 0) return;
    this.rows.update((rows) =>
      rows.map((r, i) => (i === index ? { ...r, [field]: Math.round(value * 60) } : r)),
    );
  }

  /** Extension requests (延期申请): the most working days one extension may add. */
  protected setExtensionDays(index: number, event: Event): void {
    const value = Number((event.target as HTMLInputElement).value);
    if (!Number.isFinite(value) || value < 0 || value > 60) return;
    this.rows.update((rows) => rows.map((r, i) => (i === index ? { ...r, maxExtensionDays: value } : r)));
  }

  protected setFlag(index: number, field: FlagField, checked: boolean): void {
    this.rows.update((rows) => rows.map((r, i) => (i === index ? { ...r, [field]: checked } : r)));
  }

  protected save(): void {
    this.saving.run(this.api.putDeadlinePolicies({ policies: this.rows() }), {
      done: () => this.policies.reload(),
    });
  }
}
