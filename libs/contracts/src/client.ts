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
