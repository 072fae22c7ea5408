import { ChangeDetectionStrategy, Component, booleanAttribute, input } from '@angular/core';
import { FormControl, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TPipe } from '../../core/i18n/t.pipe';

/**
 * A text field of a reactive form (one line, or with `rows` a textarea of that many rows): label, input,
 * optional hint and placeholder, and (when `error` or `messages` name one) its error once touched — the server's (`api`), else the first of `messages` whose error the
 * control has, else `error`. The input carries `testId`, the error `testId-error`. The host takes no box
 * (`display: contents`): the field lays out in its form as a `mat-form-field` written there would.
 */
@Component({
  selector: 'tz-text-field',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'tz-contents' },
  template: `
    <mat-form-field [class.tz-full]="full()">
      <mat-label>{{ label() | t }}</mat-label>
      @if (rows(); as rows) {
        <textarea
          matInput
          [rows]="rows"
          [formControl]="control()"
          [required]="required()"
          [maxlength]="maxlength()"
          [placeholder]="placeholder() ? (placeholder() | t) : ''"
          [attr.data-testid]="testId()"
        ></textarea>
      } @else {
        <input
          matInput
          [type]="type()"
          [formControl]="control()"
          [required]="required()"
          [maxlength]="maxlength()"
          [attr.autocomplete]="autocomplete()"
          [attr.lang]="lang()"
          [attr.data-testid]="testId()"
        />
      }
      @if (hint()) {
        <mat-hint>{{ hint() | t }}</mat-hint>
      }
      @if (control().touched && control().errors; as e) {
        @if (errorKey(e); as key) {
          <mat-error [attr.data-testid]="testId() ? testId() + '-error' : null">{{ key | t }}</mat-error>
        }
      }
    </mat-form-field>
  `,
})
export class TextFieldComponent {
  readonly control = input.required<FormControl<string> | FormControl<string | null>>();
  /** i18n key of the label */
  readonly label = input.required<string>();
  readonly type = input<'text' | 'tel' | 'email' | 'search' | 'url'>('text');
  readonly required = input(false, { transform: booleanAttribute });
  readonly maxlength = input<number | null>(null);
  readonly autocomplete = input<string | null>(null);
  readonly lang = input<string | null>(null);
  readonly testId = input<string | null>(null);
  /** i18n key of the hint under the field, if any */
  readonly hint = input('');
  /** a textarea of that many rows instead of a one-line input */
  readonly rows = input<number | null>(null);
  /** i18n key of the placeholder, if any */
  readonly placeholder = input('');
  /** the field takes its form's whole width (`tz-full`) */
  readonly full = input(false, { transform: booleanAttribute });
  /** i18n key of the message for any other error ('' shows none but the server's and `messages`') */
  readonly error = input('');
  /** validator error → i18n key of its message (checked in order, after the server's message) */
  readonly messages = input<Record<string, string>>({});

  protected errorKey(e: ValidationErrors): string {
    if (e['api'] != null) return e['api'] as string;
    const hit = Object.entries(this.messages()).find(([error]) => e[error]);
    return hit ? hit[1] : this.error();
  }
}
