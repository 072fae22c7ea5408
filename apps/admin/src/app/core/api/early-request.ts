/**
 * Requests the page made before the app had started (apps/admin/src/early-requests.js, a global script that
 * runs while the app's bundle is still downloading: issue 18, the dashboard's figures on a slow phone).
 * Each is taken once, by the service that would otherwise ask for the same URL with the same token.
 */
interface EarlyRequest {
  url: string;
  token: string;
  response: Promise<Response>;
}

/** The answer the early script is fetching for exactly this URL and token (then forgotten), or null. */
export function takeEarlyRequest(url: string, token: string | null): Promise<Response> | null {
  const list = (globalThis as { __tzEarly?: EarlyRequest[] }).__tzEarly;
  if (!token || !Array.isArray(list)) return null;
  const i = list.findIndex((r) => r.url === url && r.token === token);
  if (i < 0) return null;
  return list.splice(i, 1)[0].response;
}
