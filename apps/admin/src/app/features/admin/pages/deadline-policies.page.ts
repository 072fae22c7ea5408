import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatCheckboxModule } from '@angular/material/checkbox';
import type { DeadlinePolicyDto } from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { SaveHeaderComponent } from '../../../shared/ui/save-header.component';
import { TableStateComponent } from '../../../shared/ui/table-state.component';
import { TPipe } from '../../../core/i18n/t.pipe';
import { saveState } from '../../../shared/ui/save-state';
import { TableComponent } from '../../../shared/ui/table.component';
import { AdminApi } from '../data/admin.api';

type NumericField = 'respondMinutes' | 'resolveMinutes';
type FlagField = 'workingTime' | 'respondByEndOfDay';

/** Deadlines per level and priority; edited in hours, stored in minutes. */
@Component({
  selector: 'tz-deadline-policies-page',
  imports: [TPipe, TableStateComponent, SaveHeaderComponent, MatCheckboxModule, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './deadline-policies.page.html',
  styleUrl: './deadline-policies.page.scss',
})
export class DeadlinePoliciesPage {
  private readonly api = inject(AdminApi);
  private readonly i18n = inject(I18nService);
  protected readonly saving = saveState();
  protected readonly policies = rxResource({ stream: () => this.api.deadlinePolicies() });
  protected readonly rows = signal<DeadlinePolicyDto[]>([]);
  /** The two deadlines, edited in hours: the column's field and the label its input is read out with. */
  protected readonly hourFields: readonly { field: NumericField; label: string }[] = [
    { field: 'respondMinutes', label: 'policy.respondHours' },
    { field: 'resolveMinutes', label: 'policy.resolveHours' },
  ];
  /** The yes/no columns, each a checkbox read out with its column's heading (`policy.<field>`). */
  protected readonly flagFields: readonly FlagField[] = ['workingTime', 'respondByEndOfDay'];

  constructor() {
    effect(() => {
      if (this.policies.hasValue()) this.rows.set(this.policies.value().map((p) => ({ ...p })));
    });
  }

  /** What a cell's input is read out as: the row's level and priority, then the column. */
  protected cellLabel(p: DeadlinePolicyDto, column: string): string {
    return [`level.${p.level}`, `priority.${p.priority}`, column].map((key) => this.i18n.t(key)).join(' ');
  }

  protected hours(minutes: number): number {
    return Math.round((minutes / 60) * 100) / 100;
  }

  protected setHours(index: number, field: NumericField, event: Event): void {
    const value = Number((event.target as HTMLInputElement).value);
    if (!Number.isFinite(value) || value < 0) return;
    this.patch(index, { [field]: Math.round(value * 60) });
  }

  /** Extension requests (延期申请): the most working days one extension may add. */
  protected setExtensionDays(index: number, event: Event): void {
    const value = Number((event.target as HTMLInputElement).value);
    if (!Number.isFinite(value) || value < 0 || value > 60) return;
    this.patch(index, { maxExtensionDays: value });
  }

  /** "Deadline near" (临期提醒): working hours before resolve-by; empty: the system's default. */
  protected setNearLead(index: number, event: Event): void {
    const raw = (event.target as HTMLInputElement).value.trim();
    const value = raw === '' ? null : Number(raw);
    if (value !== null && (!Number.isFinite(value) || value < 0 || value > 40)) return;
    this.patch(index, { nearLeadHours: value });
  }

  protected setFlag(index: number, field: FlagField, checked: boolean): void {
    this.patch(index, { [field]: checked });
  }

  /** Changes the row at `index` (the others stay as they are). */
  private patch(index: number, change: Partial<DeadlinePolicyDto>): void {
    this.rows.update((rows) => rows.map((r, i) => (i === index ? { ...r, ...change } : r)));
  }

  protected save(): void {
    this.saving.run(this.api.putDeadlinePolicies({ policies: this.rows() }), {
      done: () => this.policies.reload(),
    });
  }
}
