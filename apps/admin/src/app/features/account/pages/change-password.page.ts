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
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { PageHeaderComponent } from '../../../shared/ui/page-header.component';
import { saveState } from '../../../shared/ui/save-state';
import { passwordRuleKey } from '../../../shared/util/password-rule';

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
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, TPipe, PageHeaderComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <tz-page-header [title]="'password.title' | t" />
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
          <button mat-flat-button type="submit" [disabled]="saving.busy()" data-testid="password-submit">
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
  private readonly router = inject(Router);
  private readonly ref = inject(ReferenceDataService);
  protected readonly saving = saveState();
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
    if (this.form.invalid || this.saving.busy()) return;
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.formError.set('');
    this.saving.run(this.auth.changePassword({ currentPassword, newPassword }), {
      success: 'password.changed',
      done: (res) => {
        this.form.reset();
        this.ref.ensureLoaded();
        void this.router.navigateByUrl(homeFor(res.user.role));
      },
      failed: (err) => {
        const rule = passwordRuleKey(this.i18n, err);
        if (rule) {
          this.form.controls.newPassword.setErrors({ api: rule });
        } else if (isApiError(err) && err.code === 'AUTH.WRONG_PASSWORD') {
          this.form.controls.currentPassword.setErrors({ api: 'password.wrongCurrent' });
        } else {
          this.formError.set(apiErrorText(this.i18n, err));
        }
        return true;
      },
    });
  }
}
