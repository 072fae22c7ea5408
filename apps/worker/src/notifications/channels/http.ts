import { PermanentDeliveryError } from '../notification-channel';

/** How long one request to a gateway or robot may take. */
export const CHANNEL_TIMEOUT_MS = 10_000;

/**
 * POST a JSON body and answer the JSON reply. 5xx, 429, timeouts and refused connections throw a plain
 * Error (retried); any other 4xx a PermanentDeliveryError (no retry can fix the request).
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: text,
      signal: AbortSignal.timeout(CHANNEL_TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new Error(`${new URL(url).host}: ${cause ?? (err as Error).message}`);
  }
  const reply = await res.text();
  if (res.status >= 500 || res.status === 429)
    throw new Error(`${new URL(url).host}: HTTP ${res.status} ${reply.slice(0, 200)}`);
  if (res.status >= 400)
    throw new PermanentDeliveryError(`${new URL(url).host}: HTTP ${res.status} ${reply.slice(0, 200)}`);
  try {
    return reply ? (JSON.parse(reply) as Record<string, unknown>) : {};
  } catch {
    throw new Error(`${new URL(url).host}: not JSON: ${reply.slice(0, 200)}`);
  }
}
