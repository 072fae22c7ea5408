/**
 * A small typed fetch over the types generated from the API's OpenAPI document
 * (`libs/contracts/src/openapi.generated.ts`, `npx nx run api:openapi`): the path, method, parameters,
 * body and answer of each call are the document's, so a change of the contract is a type error here.
 */
import {
  type Answer,
  type ApiPaths,
  type MethodOf,
  type Operation,
  type RequestOf,
  callOf,
} from '@taizhang/contracts';

export type { Answer, MethodOf, RequestOf };

/** One call of the API as the document types it; an error answer throws with its status and body. */
export async function typedFetch<P extends keyof ApiPaths, M extends MethodOf<P>>(
  base: string,
  token: string | null,
  method: M,
  path: P,
  req: RequestOf<Operation<P, M>>,
): Promise<Answer<Operation<P, M>>> {
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
  return (text ? JSON.parse(text) : undefined) as Answer<Operation<P, M>>;
}
