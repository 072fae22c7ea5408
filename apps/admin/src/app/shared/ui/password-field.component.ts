import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TPipe } from '../../core/i18n/t.pipe';

/**
 * A required password field of a form (changing one's password, an admin's new user and password reset):
 * label, optional hint, and its error under it once touched — the server's (`api`), else the first of
 * `messages` whose error the control has, else "required". The input carries `testId`, the error
 * `testId-error`.
 */
@Component({
  selector: 'tz-password-field',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: block;
    }
  `,
  template: `
    <mat-form-field class="tz-full">
      <mat-label>{{ label() | t }}</mat-label>
      <input
        matInput
        type="password"
        [formControl]="control()"
        [attr.autocomplete]="autocomplete()"
        required
        [attr.data-testid]="testId()"
      />
      @if (hint()) {
        <mat-hint>{{ hint() | t }}</mat-hint>
      }
      @if (control().touched && control().errors; as e) {
        <mat-error [attr.data-testid]="testId() + '-error'">{{ errorKey(e) | t }}</mat-error>
      }
    </mat-form-field>
  `,
})
export class PasswordFieldComponent {
  readonly control = input.required<FormControl<string>>();
  /** i18n key of the label */
  readonly label = input.required<string>();
  readonly testId = input.required<string>();
  readonly autocomplete = input<'current-password' | 'new-password'>('new-password');
  /** i18n key of the hint under the field, if any */
  readonly hint = input('');
  /** validator error → i18n key of its message (checked in order, after the server's message) */
  readonly messages = input<Record<string, string>>({});

  protected errorKey(e: ValidationErrors): string {
    if (e['api'] != null) return e['api'] as string;
    const hit = Object.entries(this.messages()).find(([error]) => e[error]);
    return hit ? hit[1] : 'validation.required';
  }
}
