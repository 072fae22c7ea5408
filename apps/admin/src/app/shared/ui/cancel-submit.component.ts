import { ChangeDetectionStrategy, Component, booleanAttribute, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TPipe } from '../../core/i18n/t.pipe';

/**
 * The buttons under a form shown in place (a new group, members to add): cancel on the left, the action on the
 * right (`label`, carrying `testId`, off while `disabled`). The host takes no box (`display: contents`).
 */
@Component({
  selector: 'tz-cancel-submit',
  imports: [MatButtonModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'tz-contents' },
  template: `
    <div class="tz-row">
      <button mat-button type="button" (click)="cancelled.emit()">{{ 'common.cancel' | t }}</button>
      <span class="tz-spacer"></span>
      <button
        mat-flat-button
        type="button"
        (click)="submitted.emit()"
        [disabled]="disabled()"
        [attr.data-testid]="testId()"
      >
        {{ label() | t }}
      </button>
    </div>
  `,
})
export class CancelSubmitComponent {
  /** i18n key of the action's button */
  readonly label = input.required<string>();
  readonly testId = input.required<string>();
  readonly disabled = input(false, { transform: booleanAttribute });
  readonly cancelled = output<void>();
  readonly submitted = output<void>();
}
