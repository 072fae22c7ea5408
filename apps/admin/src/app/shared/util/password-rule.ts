import { isApiError } from '../../core/api/api-error';
import type { I18nService } from '../../core/i18n/i18n.service';

/** The API's reason a new password was refused, as the app's own words (`password.rule.<code>`), if it has them. */
export function passwordRuleKey(i18n: I18nService, err: unknown): string | null {
  const code = isApiError(err) ? err.code : null;
  const key = code ? `password.rule.${code}` : '';
  return key && i18n.has(key) ? key : null;
}
