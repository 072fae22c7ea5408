import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { CaseStatus } from '@taizhang/contracts';
import { TPipe } from '../../core/i18n/t.pipe';

/** A case status as a coloured pill; the raw code is in `data-status` for tests and styling. */
@Component({
  selector: 'tz-status-badge',
  imports: [TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[attr.data-status]': 'status()', class: 'tz-badge', '[class]': '"tz-badge status-" + status()' },
  template: `{{ 'status.' + status() | t }}`,
  styles: `
    :host {
      display: inline-block;
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      border: 1px solid transparent;
    }
    :host(.status-open) { background: #e3f2fd; color: #0d47a1; }
    :host(.status-in_progress) { background: #fff3e0; color: #8a4b00; }
    :host(.status-escalated) { background: #f3e5f5; color: #6a1b9a; }
    :host(.status-resolved) { background: #e8f5e9; color: #1b5e20; }
    :host(.status-closed) { background: #eceff1; color: #37474f; }
    :host(.status-cancelled) { background: #fafafa; color: #616161; border-color: #bdbdbd; }
  `,
})
export class StatusBadgeComponent {
  readonly status = input.required<CaseStatus>();
}

/** The red "overdue" mark. */
@Component({
  selector: 'tz-overdue-badge',
  imports: [TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'overdue-badge' },
  template: `{{ 'case.overdue' | t }}`,
  styles: `
    :host {
      display: inline-block;
      padding: 2px 8px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      background: #ffebee;
      color: #b71c1c;
      white-space: nowrap;
    }
  `,
})
export class OverdueBadgeComponent {}
