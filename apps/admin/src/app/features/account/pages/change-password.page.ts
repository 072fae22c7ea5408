import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import {
  AbstractControl,
  FormControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';
import { isApiError } from '../../../core/api/api-error';
import { apiErrorText } from '../../../core/api/error-text';
import { AuthService, homeFor } from '../../../core/auth/auth.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { NotifyService } from '../../../core/notify.service';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';

/** The API's reason a new password was refused, as the app's own words (`password.rule.<code>`). */
function passwordRuleKey(i18n: I18nService, code: string | null): string | null {
  const key = code ? `password.rule.${code}` : '';
  return key && i18n.has(key) ? key : null;
}

function sameAs(other: () => string) {
  return (control: AbstractControl): ValidationErrors | null =>
    control.value === other() ? null : { mismatch: true };
}

/**
 * Change one's own password (the current one proves it is you). Also where a user lands after an admin
 * reset his password: the app and the API allow nothing else until it is changed.
 */
@Component({
  selector: 'tz-change-password-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <h1 class="tz-page-title">{{ 'password.title' | t }}</h1>
      <section class="tz-card card">
        @if (auth.mustChangePassword()) {
          <p class="notice" role="status" data-testid="password-must-change">
            {{ 'password.mustChange' | t }}
          </p>
        }
        <p class="hint">{{ 'password.rules' | t }}</p>
        <form [formGroup]="form" (ngSubmit)="submit()" class="form" novalidate>
          <mat-form-field>
            <mat-label>{{ 'password.current' | t }}</mat-label>
            <input
              matInput
              type="password"
              formControlName="currentPassword"
              autocomplete="current-password"
              required
              data-testid="password-current"
            />
            @if (form.controls.currentPassword.touched && form.controls.currentPassword.errors; as e) {
              <mat-error data-testid="password-current-error">{{
                e['api'] ?? 'validation.required' | t
              }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'password.new' | t }}</mat-label>
            <input
              matInput
              type="password"
              formControlName="newPassword"
              autocomplete="new-password"
              required
              data-testid="password-new"
            />
            <mat-hint>{{ 'password.newHint' | t }}</mat-hint>
            @if (form.controls.newPassword.touched && form.controls.newPassword.errors; as e) {
              <mat-error data-testid="password-new-error">{{
                e['api'] ?? (e['minlength'] ? 'password.rule.PASSWORD.TOO_SHORT' : 'validation.required') | t
              }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'password.repeat' | t }}</mat-label>
            <input
              matInput
              type="password"
              formControlName="repeat"
              autocomplete="new-password"
              required
              data-testid="password-repeat"
            />
            @if (form.controls.repeat.touched && form.controls.repeat.errors; as e) {
              <mat-error data-testid="password-repeat-error">{{
                (e['mismatch'] ? 'password.mismatch' : 'validation.required') | t
              }}</mat-error>
            }
          </mat-form-field>
          @if (formError()) {
            <p class="tz-error-text" role="alert" data-testid="password-error">{{ formError() }}</p>
          }
          <button mat-flat-button type="submit" [disabled]="busy()" data-testid="password-submit">
            {{ 'password.submit' | t }}
          </button>
        </form>
      </section>
    </div>
  `,
  styles: `
    .card {
      max-width: 440px;
    }
    .form {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .notice {
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ChangePasswordPage {
  protected readonly auth = inject(AuthService);
  private readonly i18n = inject(I18nService);
  private readonly notify = inject(NotifyService);
  private readonly router = inject(Router);
  private readonly ref = inject(ReferenceDataService);
  protected readonly busy = signal(false);
  protected readonly formError = signal('');

  private readonly newPassword = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.minLength(10)],
  });
  protected readonly form = inject(NonNullableFormBuilder).group({
    currentPassword: ['', Validators.required],
    newPassword: this.newPassword,
    repeat: ['', [Validators.required, sameAs(() => this.newPassword.value)]],
  });

  protected submit(): void {
    this.form.controls.repeat.updateValueAndValidity();
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.busy.set(true);
    this.formError.set('');
    this.auth.changePassword({ currentPassword, newPassword }).subscribe({
      next: (res) => {
        this.busy.set(false);
        this.notify.info('password.changed');
        this.form.reset();
        this.ref.ensureLoaded();
        void this.router.navigateByUrl(homeFor(res.user.role));
      },
      error: (err: unknown) => {
        this.busy.set(false);
        const code = isApiError(err) ? err.code : null;
        const rule = passwordRuleKey(this.i18n, code);
        if (rule) {
          this.form.controls.newPassword.setErrors({ api: rule });
        } else if (code === 'AUTH.WRONG_PASSWORD') {
          this.form.controls.currentPassword.setErrors({ api: 'password.wrongCurrent' });
        } else {
          this.formError.set(apiErrorText(this.i18n, err));
        }
      },
    });
  }
}
