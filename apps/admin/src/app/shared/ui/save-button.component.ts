import { ChangeDetectionStrategy, Component, booleanAttribute, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TPipe } from '../../core/i18n/t.pipe';
import type { SaveState } from './save-state';

/**
 * The save button of an editing screen (in its page header or under its form): off while its `saving`
 * state is busy or while `disabled`; the button carries `testId`.
 */
@Component({
  selector: 'tz-save-button',
  imports: [MatButtonModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      mat-flat-button
      type="button"
      (click)="save.emit()"
      [disabled]="saving().busy() || disabled()"
      [attr.data-testid]="testId()"
    >
      {{ label() | t }}
    </button>
  `,
})
export class SaveButtonComponent {
  readonly saving = input.required<SaveState>();
  readonly testId = input.required<string>();
  /** Nothing to save yet (besides a save running). */
  readonly disabled = input(false, { transform: booleanAttribute });
  /** i18n key of the button's text */
  readonly label = input('common.save');
  readonly save = output<void>();
}
