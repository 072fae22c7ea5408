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
import { Router } from '@angular/router';
import { isApiError } from '../../../core/api/api-error';
import { apiErrorText } from '../../../core/api/error-text';
import { AuthService, homeFor } from '../../../core/auth/auth.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { FormStatusComponent } from '../../../shared/ui/form-status.component';
import { PageHeaderComponent } from '../../../shared/ui/page-header.component';
import { PasswordFieldComponent } from '../../../shared/ui/password-field.component';
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
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    TPipe,
    PageHeaderComponent,
    PasswordFieldComponent,
    FormStatusComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './change-password.page.html',
  styleUrl: './change-password.page.scss',
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
