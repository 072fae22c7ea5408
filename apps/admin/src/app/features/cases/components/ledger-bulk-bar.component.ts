import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TPipe } from '../../../core/i18n/t.pipe';

export type LedgerBulkAction = 'assign' | 'urge';

/** What can be done to the ticked cases at once: shown while some are ticked. */
@Component({
  selector: 'tz-ledger-bulk-bar',
  imports: [MatButtonModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div
      class="bulk tz-row"
      role="region"
      [attr.aria-label]="'bulk.selected' | t: { n: count() }"
      data-testid="bulk-bar"
    >
      <span data-testid="bulk-count">{{ 'bulk.selected' | t: { n: count() } }}</span>
      @if (canAssign()) {
        <button mat-flat-button type="button" (click)="act.emit('assign')" data-testid="bulk-assign">
          {{ 'bulk.assign' | t }}
        </button>
      }
      @if (canUrge()) {
        <button mat-stroked-button type="button" (click)="act.emit('urge')" data-testid="bulk-urge">
          {{ 'bulk.urge' | t }}
        </button>
      }
      <button mat-button type="button" (click)="cleared.emit()" data-testid="bulk-clear">
        {{ 'bulk.clear' | t }}
      </button>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .bulk {
      gap: 8px;
      padding: 8px 12px;
      margin-bottom: 8px;
      border-radius: 12px;
      background: var(--mat-sys-secondary-container);
    }
  `,
})
export class LedgerBulkBarComponent {
  readonly count = input.required<number>();
  readonly canAssign = input(false);
  readonly canUrge = input(false);
  readonly act = output<LedgerBulkAction>();
  /** Untick every case. */
  readonly cleared = output<void>();
}
