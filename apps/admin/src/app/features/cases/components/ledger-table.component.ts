import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { CaseDto } from '@taizhang/contracts';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { DeadlineStateComponent } from './deadline-state.component';

/** The ledger as a table (wider screens): a row opens its case; with `selectable`, rows can be ticked. */
@Component({
  selector: 'tz-ledger-table',
  imports: [
    MatTableModule,
    MatCheckboxModule,
    RouterLink,
    TPipe,
    TzDatePipe,
    StatusBadgeComponent,
    DeadlineStateComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ledger-table.component.html',
  styleUrl: './ledger-table.component.scss',
})
export class LedgerTableComponent {
  protected readonly ref = inject(ReferenceDataService);

  readonly rows = input.required<CaseDto[]>();
  /** A tick box per row (for the bulk actions). */
  readonly selectable = input(false);
  /** The ids of the ticked cases. */
  readonly selected = input<ReadonlySet<string>>(new Set());
  readonly selectedChange = output<ReadonlySet<string>>();
  readonly opened = output<CaseDto>();

  protected readonly columns = computed(() => [
    ...(this.selectable() ? ['select'] : []),
    'ledgerNo',
    'enterprise',
    'category',
    'status',
    'unit',
    'respondBy',
    'resolveBy',
    'overdue',
  ]);

  protected readonly allSelected = computed(() => {
    const rows = this.rows();
    return rows.length > 0 && rows.every((r) => this.selected().has(r.id));
  });

  protected toggle(c: CaseDto): void {
    const next = new Set(this.selected());
    if (next.has(c.id)) next.delete(c.id);
    else next.add(c.id);
    this.selectedChange.emit(next);
  }

  protected toggleAll(): void {
    this.selectedChange.emit(this.allSelected() ? new Set() : new Set(this.rows().map((r) => r.id)));
  }
}
