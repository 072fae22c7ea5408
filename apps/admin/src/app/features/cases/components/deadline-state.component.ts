import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { CaseDto } from '@taizhang/contracts';
import { TPipe } from '../../../core/i18n/t.pipe';
import { deadlineState } from '../data/deadline-state';

/**
 * A case's deadline at a glance: which deadline was missed (响应超期 / 办结超期, never a bare 超期 next to a
 * deadline still ahead), due soon, or the time left; and a pending extension request.
 */
@Component({
  selector: 'tz-deadline-state',
  imports: [TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = state();
    @if (s.missed) {
      <span
        class="badge missed"
        [attr.data-testid]="case().overdue ? 'overdue-badge' : 'missed-badge'"
        [attr.data-missed]="s.missed"
        >{{ 'case.missed.' + s.missed | t }}</span
      >
    } @else if (s.dueSoon) {
      <span class="badge soon" data-testid="due-soon-badge">{{ 'case.dueSoon' | t }}</span>
    }
    @if (!s.missed && s.hoursLeft !== null) {
      <span class="left" data-testid="time-left">{{
        s.hoursLeft >= 48
          ? ('case.timeLeftDays' | t: { n: days(s.hoursLeft) })
          : ('case.timeLeftHours' | t: { n: s.hoursLeft })
      }}</span>
    }
    @if (case().extensionUntil) {
      <span class="badge ext" data-testid="extension-pending-badge">{{ 'case.extensionPending' | t }}</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 4px;
      align-items: center;
    }
    .badge {
      display: inline-block;
      padding: 2px 8px;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
    }
    .missed {
      background: #ffebee;
      color: #b71c1c;
    }
    .soon {
      background: #fff3e0;
      color: #e65100;
    }
    .ext {
      background: #e3f2fd;
      color: #0d47a1;
    }
    .left {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
      white-space: nowrap;
    }
  `,
})
export class DeadlineStateComponent {
  readonly case =
    input.required<
      Pick<CaseDto, 'status' | 'respondBy' | 'resolveBy' | 'overdue' | 'missedDeadline' | 'extensionUntil'>
    >();
  /** The clock (a test sets it). */
  readonly now = input<Date | null>(null);
  protected readonly state = computed(() => deadlineState(this.case(), this.now() ?? new Date()));
  protected days(hours: number): number {
    return Math.floor(hours / 24);
  }
}
