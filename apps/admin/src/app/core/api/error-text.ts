import type { AbstractControl } from '@angular/forms';
import type { I18nService } from '../i18n/i18n.service';
import type { TranslationKey } from '../i18n/zh-CN';
import { isApiError, type ApiError } from './api-error';

/**
 * The i18n key for a field error of the API (`fieldError.<field>`), or the generic "invalid value".
 * The API writes its messages in English; the app shows its own words in the user's language.
 */
export function fieldErrorKey(i18n: I18nService, field: string): string {
  const key = `fieldError.${field.split('.').pop() ?? field}`;
  return i18n.has(key) ? key : 'validation.invalid';
}

/**
 * What a user reads about a failed call, in the current language: the app's text for the problem's
 * `code` (`apiError.<code>`), with the field errors of a validation failure; the API's own `detail`
 * only when it sent no code we know.
 */
export function apiErrorText(
  i18n: I18nService,
  error: unknown,
  fallback: TranslationKey = 'errors.generic',
): string {
  if (!isApiError(error)) return i18n.t(fallback);
  if (error.isNetwork) return i18n.t('errors.network');
  const codeKey = error.code ? `apiError.${error.code}` : '';
  if (codeKey && i18n.has(codeKey)) {
    const fields = fieldErrorList(i18n, error);
    return fields ? `${i18n.t(codeKey)}${i18n.locale() === 'en' ? ': ' : '：'}${fields}` : i18n.t(codeKey);
  }
  if (error.code) return i18n.t(fallback);
  return error.detail || error.title || i18n.t(fallback);
}

function fieldErrorList(i18n: I18nService, error: ApiError): string {
  const keys = [...new Set(error.errors.map((fe) => fieldErrorKey(i18n, fe.field)))];
  return keys.map((k) => i18n.t(k)).join(i18n.locale() === 'en' ? '; ' : '；');
}

/**
 * Put the API's field errors on the form's controls (`{ api: <i18n key> }`), so each shows under its
 * own field. Answers whether any field of the form was named.
 */
export function applyFieldErrors(
  i18n: I18nService,
  controls: Record<string, AbstractControl>,
  error: unknown,
): boolean {
  if (!isApiError(error)) return false;
  let applied = false;
  for (const fe of error.errors) {
    const control = controls[fe.field];
    if (!control) continue;
    control.setErrors({ ...(control.errors ?? {}), api: fieldErrorKey(i18n, fe.field) });
    control.markAsTouched();
    applied = true;
  }
  return applied;
}
