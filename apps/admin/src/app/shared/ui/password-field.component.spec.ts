import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, Validators } from '@angular/forms';
import { I18nService } from '../../core/i18n/i18n.service';
import { PasswordFieldComponent } from './password-field.component';

@Component({
  imports: [PasswordFieldComponent],
  template: `<tz-password-field
    [control]="control"
    label="password.new"
    [hint]="hint()"
    [messages]="{ minlength: 'password.rule.PASSWORD.TOO_SHORT', mismatch: 'password.mismatch' }"
    testId="pw"
  />`,
})
class HostComponent {
  readonly control = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.minLength(10)],
  });
  readonly hint = signal('');
}

describe(PasswordFieldComponent.name, () => {
  function render(value: string, errors?: Record<string, unknown>, hint = '') {
    const fixture = TestBed.createComponent(HostComponent);
    const host = fixture.componentInstance;
    host.hint.set(hint);
    fixture.detectChanges(); // binds the control (which validates it)
    host.control.setValue(value);
    if (errors) host.control.setErrors(errors);
    host.control.markAsTouched();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    return {
      input: el.querySelector('[data-testid="pw"]') as HTMLInputElement,
      error: el.querySelector('[data-testid="pw-error"]')?.textContent?.trim() ?? null,
      hint: el.querySelector('mat-hint')?.textContent?.trim() ?? null,
    };
  }
  const t = (key: string) => TestBed.inject(I18nService).t(key);

  it.each<[string, string, Record<string, unknown> | undefined, string | null]>([
    ['valid: no error', 'long enough password', undefined, null],
    ['empty: required', '', undefined, 'validation.required'],
    ['too short: its message', 'short', undefined, 'password.rule.PASSWORD.TOO_SHORT'],
    [
      'the first listed error wins',
      'x',
      { minlength: true, mismatch: true },
      'password.rule.PASSWORD.TOO_SHORT',
    ],
    ['another listed error', 'long enough password', { mismatch: true }, 'password.mismatch'],
    [
      "the server's message first",
      'short',
      { api: 'password.wrongCurrent', minlength: true },
      'password.wrongCurrent',
    ],
  ])('%s', (_name, value, errors, key) => {
    const r = render(value, errors);
    expect(r.input.type).toBe('password');
    expect(r.input.getAttribute('autocomplete')).toBe('new-password');
    expect(r.error).toBe(key === null ? null : t(key));
  });

  it('shows its hint only when given (and no error hides it)', () => {
    const valid = 'long enough password';
    expect(render(valid).hint).toBeNull();
    expect(render(valid, undefined, 'password.newHint').hint).toBe(t('password.newHint'));
  });
});
