import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { TPipe } from '../../core/i18n/t.pipe';

/**
 * What a form says above its buttons: why it failed (`error`, a line read out at once, carrying `testId`, and
 * what is put inside under it) and, while it is sent (`busy`), a progress bar. The host takes no box
 * (`display: contents`): the lines lay out in the form as if written there.
 */
@Component({
  selector: 'tz-form-status',
  imports: [MatProgressBarModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'tz-contents' },
  template: `
    @if (error()) {
      <p class="tz-error-text" role="alert" [attr.data-testid]="testId()">{{ error() }}</p>
      <ng-content />
    }
    @if (busy()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.saving' | t" />
    }
  `,
})
export class FormStatusComponent {
  /** Already translated; '' (or null) shows nothing. */
  readonly error = input<string | null | undefined>('');
  readonly busy = input(false);
  /** of the error line */
  readonly testId = input.required<string>();
}
