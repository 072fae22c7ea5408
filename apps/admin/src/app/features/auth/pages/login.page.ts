import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { Router } from '@angular/router';
import { apiErrorText } from '../../../core/api/error-text';
import { AuthService, homeFor } from '../../../core/auth/auth.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { LangSwitchComponent } from '../../../core/layout/lang-switch.component';
import { PasswordFieldComponent } from '../../../shared/ui/password-field.component';
import { TextFieldComponent } from '../../../shared/ui/text-field.component';

@Component({
  selector: 'tz-login-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatProgressSpinnerModule,
    TPipe,
    LangSwitchComponent,
    TextFieldComponent,
    PasswordFieldComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="wrap">
      <div class="lang"><tz-lang-switch /></div>
      <form class="tz-card card" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <h1 class="title">{{ 'app.title' | t }}</h1>
        <p class="subtitle">{{ 'login.subtitle' | t }}</p>

        <tz-text-field
          [control]="form.controls.username"
          label="login.username"
          autocomplete="username"
          required
          testId="login-username"
          error="validation.required"
        />
        <tz-password-field
          [control]="form.controls.password"
          label="login.password"
          autocomplete="current-password"
          testId="login-password"
        />

        @if (error()) {
          <p class="tz-error-text" role="alert" data-testid="login-error">{{ error() }}</p>
        }

        <button
          mat-flat-button
          class="tz-full submit"
          type="submit"
          data-testid="login-submit"
          [disabled]="busy()"
        >
          @if (busy()) {
            <mat-spinner diameter="18" class="spin" />
          }
          {{ 'login.submit' | t }}
        </button>
      </form>
    </main>
  `,
  styles: `
    .wrap {
      min-height: 100vh;
      min-height: 100dvh;
      display: flex;
      align-items: center;
      justify-content: center;
      padding: 16px;
      position: relative;
    }
    .lang {
      position: absolute;
      top: 8px;
      right: 8px;
    }
    .card {
      width: 100%;
      max-width: 380px;
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .title {
      font: var(--mat-sys-headline-medium);
      margin: 0;
    }
    .subtitle {
      margin: 0 0 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .submit {
      margin-top: 8px;
      height: 44px;
    }
    .spin {
      display: inline-block;
      margin-right: 8px;
      vertical-align: middle;
    }
  `,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);
  /** Bound from the query string by the router. */
  readonly returnUrl = input<string | undefined>(undefined);

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal('');

  protected submit(): void {
    if (this.busy()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set('');
    this.auth.login(this.form.getRawValue()).subscribe({
      next: (res) => {
        this.busy.set(false);
        // a password an admin reset must be changed before anything else
        const target = res.user.mustChangePassword
          ? '/account/password'
          : (this.safeReturnUrl() ?? homeFor(res.user.role));
        void this.router.navigateByUrl(target);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(apiErrorText(this.i18n, err, 'login.failed'));
      },
    });
  }

  /** Only same-app paths; never an absolute URL from the query string. */
  private safeReturnUrl(): string | null {
    const url = this.returnUrl();
    return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/login') ? url : null;
  }
}
