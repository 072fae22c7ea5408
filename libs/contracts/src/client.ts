/**
 * Types of a typed client over the OpenAPI document's generated types (`openapi.generated.ts`): for a path and
 * method of the document, what a call sends (`RequestOf`) and what its success answer is (`Answer`). The admin app's
 * `ApiClient` and the e2e support code's `typedFetch` use them, so a change of the contract is a type error there.
 */
import type { paths as ApiPaths } from './openapi.generated';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The methods a path has (the generated types mark the others `never`). */
export type MethodOf<P extends keyof ApiPaths> = {
  [M in Method]: ApiPaths[P][M] extends { responses: unknown } ? M : never;
}[Method];
export type Operation<P extends keyof ApiPaths, M extends MethodOf<P>> = ApiPaths[P][M];

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
/** What the call of `path` by `method` sends (`RequestOf` its operation). */
export type CallRequest<P extends keyof ApiPaths, M extends MethodOf<P>> = RequestOf<Operation<P, M>>;
/** What the call of `path` by `method` answers (`Answer` of its operation). */
export type CallAnswer<P extends keyof ApiPaths, M extends MethodOf<P>> = Answer<Operation<P, M>>;

/**
 * A query as the API reads it: the empty values (undefined, null, '', an empty list) left out, a list as one
 * comma-separated value (`status=open,escalated`), the rest as strings, in their order.
 */
export function queryOf(query: object = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (!Array.isArray(value)) out[key] = String(value);
    else if (value.length) out[key] = value.map(String).join(',');
  }
  return out;
}

/** The path with its `{name}` parameters filled in (encoded), and the query string of `req.query` (`queryOf`). */
export function urlOf(path: string, req: { path?: Record<string, unknown>; query?: object }): string {
  const filled = path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(String(req.path?.[name])),
  );
  const qs = new URLSearchParams(queryOf(req.query)).toString();
  return qs ? `${filled}?${qs}` : filled;
}

/** What a typed call sends (a `RequestOf`), in the parts a client sends it by. */
export interface CallParts {
  /** The path with its `{name}` parameters filled in (encoded), without the query. */
  path: string;
  /** The query as the API reads it (`queryOf`). */
  query: Record<string, string>;
  /** `path` with the query string. */
  url: string;
  /** The JSON body; undefined when the call has none. */
  body: unknown;
  headers: Record<string, string> | undefined;
}

/** The parts of the call of `path` (a path of the document) with `req` (its `RequestOf`). */
export function callOf(path: string, req: object): CallParts {
  const r = req as {
    path?: Record<string, unknown>;
    query?: object;
    body?: unknown;
    headers?: Record<string, string>;
  };
  return {
    path: urlOf(path, { path: r.path }),
    query: queryOf(r.query),
    url: urlOf(path, r),
    body: r.body,
    headers: r.headers,
  };
}
