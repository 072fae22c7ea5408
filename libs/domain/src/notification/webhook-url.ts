/**
 * A group robot's webhook address carries its credential: 企业微信's `key=…`, 钉钉's `access_token=…`
 * (whoever has it can post to the group). The address is shown back only with every query value masked,
 * keeping its last 4 characters so a person can tell two robots apart; the stored address is never
 * answered.
 */
const SHOWN = 4;
const MASK = '****';

function maskValue(v: string): string {
  return v.length > SHOWN * 2 ? `${MASK}${v.slice(-SHOWN)}` : MASK;
}

/** The address with each query value masked (`key=****1a2b`); a value that is not a URL: fully masked. */
export function maskWebhookUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return MASK;
  }
  if (u.username || u.password) {
    u.username = '';
    u.password = '';
  }
  const query = [...u.searchParams.entries()].map(([k, v]) => `${k}=${maskValue(v)}`).join('&');
  return `${u.origin}${u.pathname}${query ? `?${query}` : ''}`;
}

/**
 * Whether `sent` (a PUT's address) is the masked form of the stored one, or nothing: the stored address is
 * then kept (a form that shows the masked address and is saved unchanged keeps the credential).
 */
export function keepsStoredWebhookUrl(sent: string | null | undefined, stored: string | null): boolean {
  if (!stored) return false;
  const s = sent?.trim() ?? '';
  return s === '' || s === maskWebhookUrl(stored);
}
