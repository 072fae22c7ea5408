/**
 * No drift between the API and its contract: every JSON answer the integration tests receive through the
 * harness is checked against the OpenAPI document's schema for its operation and status. A mismatch (an
 * undeclared status, a missing or extra field, a wrong type or format) fails the request's test.
 */
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type request from 'supertest';
import { createOpenApiDocument } from '../../src/core/openapi';

type Json = Record<string, unknown>;
interface Route {
  pattern: RegExp;
  /** literal segments first: /api/units/search before /api/units/{id} */
  params: number;
  ops: Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }>;
}

/**
 * Response schemas as the document states them, made strict for the check: an object schema with
 * properties admits no other property (the document must name every field the API sends).
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) {
    if (k === 'example' || k === 'examples') continue;
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, strict(s)]))
        : strict(v);
  }
  if (typeof out['$ref'] === 'string') out['$ref'] = out['$ref'].replace(/^#\//, 'openapi#/');
  if (out['properties'] && out['additionalProperties'] === undefined) out['additionalProperties'] = false;
  // OpenAPI 3.0: `nullable` admits null whatever `enum` lists
  if (out['nullable'] === true && Array.isArray(out['enum']) && !out['enum'].includes(null))
    out['enum'] = [...out['enum'], null];
  // OpenAPI 3.0's idiom for a nullable reference (`nullable` beside `allOf: [$ref]`), as clients read it
  if (out['nullable'] === true && Array.isArray(out['allOf'])) {
    const { nullable: _n, type: _t, ...rest } = out;
    return { anyOf: [{ type: 'null' }, rest] };
  }
  return out;
}

export class ContractCheck {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(readonly doc: OpenAPIObject) {
    addFormats(this.ajv);
    this.ajv.addSchema({ components: strict(doc.components) }, 'openapi');
    this.routes = Object.entries(doc.paths)
      .map(([path, ops]) => ({
        pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        params: (path.match(/\{/g) ?? []).length,
        ops: ops as Route['ops'],
      }))
      .sort((a, b) => a.params - b.params);
  }

  static of(app: INestApplication): ContractCheck {
    return new ContractCheck(createOpenApiDocument(app));
  }

  /** What is wrong with this answer, or null. Requests outside the document (404s, the docs) are not checked. */
  check(
    method: string,
    url: string,
    res: { status: number; headers: Record<string, string>; body: unknown; text?: string },
  ): string | null {
    const path = new URL(url, 'http://x').pathname;
    const route = this.routes.find((r) => r.pattern.test(path) && r.ops[method.toLowerCase()]);
    if (!route) return null;
    const op = route.ops[method.toLowerCase()];
    const declared = op?.responses?.[String(res.status)];
    const name = `${method.toUpperCase()} ${path} → ${res.status}`;
    if (!declared) return `${name}: the document declares no ${res.status} answer for this operation`;
    const type =
      String(res.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    const content = declared.content ?? {};
    if (!type)
      return Object.keys(content).length && res.status !== 204
        ? `${name}: no Content-Type, the document says ${Object.keys(content).join(', ')}`
        : null;
    if (!content[type])
      return `${name}: answered ${type}, the document says ${Object.keys(content).join(', ') || 'no body'}`;
    if (!/json$/.test(type)) return null;
    const key = `${method} ${route.pattern.source} ${res.status} ${type}`;
    if (!this.compiled.has(key)) {
      const schema = content[type]?.schema;
      this.compiled.set(key, schema ? this.ajv.compile(strict(schema) as object) : null);
    }
    const validate = this.compiled.get(key);
    if (!validate || validate(res.body)) return null;
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (e) =>
          `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params['additionalProperty'])})` : ''}`,
      );
    return `${name}: the answer does not match the document: ${errors.join('; ')}; body ${JSON.stringify(res.body).slice(0, 300)}`;
  }
}

type Agent = ReturnType<typeof request>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** The supertest agent, with every answer checked against the document (a mismatch fails the request). */
export function checkedAgent(agent: Agent, contract: ContractCheck): Agent {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (
        typeof prop !== 'string' ||
        !(METHODS as readonly string[]).includes(prop) ||
        typeof value !== 'function'
      )
        return value;
      return (url: string, ...rest: unknown[]) => {
        const test = (value as (...a: unknown[]) => request.Test).call(target, url, ...rest);
        const end = test.end.bind(test);
        test.end = (fn?: (err: unknown, res: request.Response) => void) =>
          end((err: unknown, res: request.Response) => {
            const mismatch = res ? contract.check(prop, url, res) : null;
            fn?.(mismatch ? Object.assign(new Error(mismatch), { response: res }) : err, res);
          });
        return test;
      };
    },
  });
}
