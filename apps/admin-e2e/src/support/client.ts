/**
 * A small typed fetch over the types generated from the API's OpenAPI document
 * (`libs/contracts/src/openapi.generated.ts`, `npx nx run api:openapi`): the path, method, parameters,
 * body and answer of each call are the document's, so a change of the contract is a type error here.
 */
import { type ApiPaths, type CallAnswer, type CallRequest, type MethodOf, callOf } from '@taizhang/contracts';

export type { Answer, MethodOf, RequestOf } from '@taizhang/contracts';

/** One call of the API as the document types it; an error answer throws with its status and body. */
export async function typedFetch<P extends keyof ApiPaths, M extends MethodOf<P>>(
  base: string,
  token: string | null,
  method: M,
  path: P,
  req: CallRequest<P, M>,
): Promise<CallAnswer<P, M>> {
  const { url, body, headers } = callOf(path, req);
  const res = await fetch(`${base}${url}`, {
    method: method.toUpperCase(),
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method.toUpperCase()} ${url}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as CallAnswer<P, M>;
}
