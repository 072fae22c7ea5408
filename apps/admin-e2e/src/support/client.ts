/**
 * A small typed fetch over the types generated from the API's OpenAPI document
 * (`libs/contracts/src/openapi.generated.ts`, `npx nx run api:openapi`): the path, method, parameters,
 * body and answer of each call are the document's, so a change of the contract is a type error here.
 */
import type { ApiPaths } from '@taizhang/contracts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The methods a path has (the generated types mark the others `never`). */
export type MethodOf<P extends keyof ApiPaths> = {
  [M in Method]: ApiPaths[P][M] extends { responses: unknown } ? M : never;
}[Method];
type Operation<P extends keyof ApiPaths, M extends MethodOf<P>> = ApiPaths[P][M];

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : undefined;
/** The body of the operation's success answer (200, 201 or 202; 204 has none). */
export type Answer<O> = O extends { responses: infer R }
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer A }
      ? JsonOf<A>
      : R extends { 202: infer A }
        ? JsonOf<A>
        : undefined
  : never;

type Params<O> = O extends { parameters: infer P } ? P : never;
type PathParams<O> =
  Params<O> extends { path: infer X } ? ([X] extends [never] ? unknown : { path: X }) : unknown;
type QueryParams<O> =
  Params<O> extends { query?: infer X }
    ? [X] extends [never | undefined]
      ? unknown
      : { query?: X }
    : unknown;
type BodyOf<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? { body: B }
  : O extends { requestBody?: { content: { 'application/json': infer B } } }
    ? { body?: B }
    : unknown;
/** What a call sends: its path parameters, query and body, as the document declares them. */
export type RequestOf<O> = PathParams<O> & QueryParams<O> & BodyOf<O> & { headers?: Record<string, string> };

/** The path with its `{name}` parameters filled in, and the query string. */
export function urlOf(
  path: string,
  req: { path?: Record<string, unknown>; query?: Record<string, unknown> },
): string {
  const filled = path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(String(req.path?.[name])),
  );
  const query = Object.entries(req.query ?? {}).filter(([, v]) => v !== undefined && v !== null);
  const qs = new URLSearchParams(
    query.flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, String(x)]) : [[k, String(v)]])),
  ).toString();
  return qs ? `${filled}?${qs}` : filled;
}

/** One call of the API as the document types it; an error answer throws with its status and body. */
export async function typedFetch<P extends keyof ApiPaths, M extends MethodOf<P>>(
  base: string,
  token: string | null,
  method: M,
  path: P,
  req: RequestOf<Operation<P, M>>,
): Promise<Answer<Operation<P, M>>> {
  const r = req as {
    path?: Record<string, unknown>;
    query?: Record<string, unknown>;
    body?: unknown;
    headers?: Record<string, string>;
  };
  const url = urlOf(path as string, r);
  const res = await fetch(`${base}${url}`, {
    method: method.toUpperCase(),
    headers: {
      ...(r.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...r.headers,
    },
    body: r.body === undefined ? undefined : JSON.stringify(r.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method.toUpperCase()} ${url}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as Answer<Operation<P, M>>;
}
