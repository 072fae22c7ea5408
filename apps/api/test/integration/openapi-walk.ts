/**
 * What the generated tests (fuzz, authorization) share: the operations of the OpenAPI document the API
 * serves, a value of the right form for a schema, raw HTTP requests, and a fingerprint of the main tables.
 */
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@taizhang/config';
import { createTestEnvironment, dropTestEnvironment } from '@taizhang/testing';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { ContractCheck, checkedAgent } from './contract-check';
import { ADMIN_PASSWORD, SIGN_IN_PATH, TEST_TRUST_PROXY, clientAddress, ownAddressAgent } from './harness';

export type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  minLength?: number;
  minimum?: number;
  example?: unknown;
  default?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
};

export interface Operation {
  method: string;
  /** e.g. /api/cases/{id} */
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  /** headers the operation documents (e.g. Idempotency-Key) */
  headers: string[];
  body: Schema | null;
  /** The multipart/form-data body (an upload), if the operation takes one instead of JSON. */
  multipart: Schema | null;
  /** No sign-in needed (`security: []` in the document). */
  public: boolean;
  /** `GET /api/cases/{id}` */
  name: string;
}

export interface Doc {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; schema?: Schema }[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
        security?: unknown[];
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

/** Every operation of the document, with $refs resolved. */
export function operationsOf(doc: Doc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      const body = op.requestBody?.content?.['application/json']?.schema;
      const multipart = op.requestBody?.content?.['multipart/form-data']?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: resolve(doc, p.schema ?? {}) })),
        headers: params.filter((p) => p.in === 'header').map((p) => p.name),
        body: body ? resolve(doc, body) : null,
        multipart: multipart ? resolve(doc, multipart) : null,
        public: !op.security?.length,
        name: `${method.toUpperCase()} ${path}`,
      });
    }
  }
  return ops;
}

/** The schema with every $ref replaced by what it points to (cycles cut at depth 8). */
export function resolve(doc: Doc, schema: Schema, depth = 0): Schema {
  if (depth > 8) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(doc, doc.components?.schemas?.[name] ?? {}, depth + 1);
  }
  // of several forms, the object one (a body's fields are what the generated tests vary)
  if (schema.oneOf) {
    const forms = schema.oneOf.map((s) => resolve(doc, s, depth + 1));
    return forms.find((s) => s.properties) ?? forms[0] ?? {};
  }
  const out: Schema = { ...schema };
  if (schema.items) out.items = resolve(doc, schema.items, depth + 1);
  if (schema.allOf)
    return Object.assign({}, ...schema.allOf.map((s) => resolve(doc, s, depth + 1)), {
      ...out,
      allOf: undefined,
    });
  if (schema.properties)
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, resolve(doc, v, depth + 1)]),
    );
  return out;
}

/** A value of the form the schema asks for (not necessarily one the API accepts: ids point nowhere). */
export function exampleOf(schema: Schema, name = '', known: Record<string, unknown> = {}): unknown {
  if (name in known) return known[name];
  if (schema.enum?.length) return schema.enum[0];
  if (schema.example !== undefined && schema.type !== 'object') return schema.example;
  switch (schema.type) {
    case 'object':
    case undefined:
      if (!schema.properties) return /id$/i.test(name) ? randomUUID() : schema.type === 'object' ? {} : 'x';
      return Object.fromEntries(
        Object.entries(schema.properties).map(([k, v]) => [k, exampleOf(v, k, known)]),
      );
    case 'array':
      return [exampleOf(schema.items ?? {}, name.replace(/s$/, ''), known)];
    case 'boolean':
      return false;
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    default:
      if (/id$/i.test(name) || schema.format === 'uuid') return randomUUID();
      if (/date|from|to/i.test(name)) return '2026-10-01';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}

/** A small plain-text file: the content every upload endpoint takes. */
export const WALK_FILE = { name: 'walk.txt', data: Buffer.from('生成的测试文件\n') };

/**
 * A multipart/form-data body of the right form for the schema: each binary property a file part
 * (WALK_FILE, or `files[name]`), each other property a field with a value of its form.
 */
export function multipartOf(
  schema: Schema,
  known: Record<string, unknown> = {},
  files: Record<string, { name: string; data: Buffer }> = {},
): { contentType: string; body: Buffer } {
  const boundary = `walk${randomUUID().replace(/-/g, '')}`;
  const parts: Buffer[] = [];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    if (prop.format === 'binary') {
      const f = files[name] ?? WALK_FILE;
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${f.name}"\r\n` +
            `Content-Type: application/octet-stream\r\n\r\n`,
        ),
        f.data,
        Buffer.from('\r\n'),
      );
    } else if (name in known || (schema.required ?? []).includes(name)) {
      const v = exampleOf(prop, name, known);
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(v)}\r\n`,
        ),
      );
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One HTTP request, sent exactly as given (the path is not normalised or re-encoded). */
export function raw(
  port: number,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    // A body always with its length (Node sends a GET's body unframed otherwise). A sign-in comes from a
    // client address of its own (see TEST_TRUST_PROXY in the harness), unless the caller gives one.
    const own =
      SIGN_IN_PATH.test(path) && !opts.headers?.['X-Forwarded-For']
        ? { 'X-Forwarded-For': clientAddress() }
        : {};
    const headers =
      opts.body === undefined
        ? { ...opts.headers, ...own }
        : { ...opts.headers, ...own, 'Content-Length': String(Buffer.byteLength(opts.body)) };
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolvePromise({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Tables a refused request must leave as they were: their row counts and row versions. */
export const MAIN_TABLES = [
  'units',
  'users',
  'categories',
  'routing_rules',
  'deadline_policies',
  'enterprises',
  'enterprise_instructors',
  'cases',
  'case_events',
  'case_hops',
  'outbox',
  'notifications',
  'exports',
  'work_calendar_days',
  'idempotency_keys',
  'attachments',
  'attachment_blobs',
];

export async function fingerprint(ds: DataSource): Promise<Record<string, string>> {
  const sql = MAIN_TABLES.map(
    // xmin is the transaction that wrote the row version: any insert, update or delete moves count or sum
    (t) => `SELECT '${t}' AS t, count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) AS f FROM ${t}`,
  ).join(' UNION ALL ');
  const rows: { t: string; f: string }[] = await ds.query(sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.f]));
}

/**
 * The API on a database and Redis prefix of its own (dropped by `close`), listening on a free port: the
 * generated tests send requests that may replace global settings (routing rules, the calendar).
 */
export async function startIsolatedApi(): Promise<{
  app: INestApplication;
  http: ReturnType<typeof request>;
  ds: DataSource;
  port: number;
  redisPrefix: string;
  close: () => Promise<void>;
}> {
  const env = await createTestEnvironment();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: env.databaseUrl,
    REDIS_PREFIX: env.redisPrefix,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'error',
    TRUST_PROXY: TEST_TRUST_PROXY,
  });
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as http.Server;
  return {
    app,
    http: checkedAgent(ownAddressAgent(server), ContractCheck.of(app)),
    ds: app.get(DataSource),
    port: (server.address() as AddressInfo).port,
    redisPrefix: env.redisPrefix,
    close: async () => {
      agent.destroy();
      await app.close();
      await dropTestEnvironment(env.databaseUrl, env.redisPrefix);
    },
  };
}

/**
 * The path with its parameters filled in (values are put in as given: already encoded, or hostile). A
 * parameter without a value is, after `/<resource>/`, `ids[resource]` if there is one, else a random UUID.
 */
export function fill(path: string, values: Record<string, string>, ids: Record<string, string> = {}): string {
  return path.replace(
    /\/([\w.-]+)\/\{(\w+)\}/g,
    (_m, resource: string, name: string) => `/${resource}/${values[name] ?? ids[resource] ?? randomUUID()}`,
  );
}

/**
 * Operations that may end sessions (sign-out, password changes, revocation): run after all others, so the
 * tokens the other operations use stay valid.
 */
export const SESSION_ENDING = /logout|sign-?out|password|revoke|session/i;

export function sessionEndingLast(ops: Operation[]): Operation[] {
  return [
    ...ops.filter((o) => !SESSION_ENDING.test(o.path)),
    ...ops.filter((o) => SESSION_ENDING.test(o.path)),
  ];
}

/**
 * A user and a town of their own that administrative operations on `/users/{id}` and `/units/{id}` may
 * change (disable, move, reset) without touching the users and units the tests sign in with.
 */
export async function victims(
  http: ReturnType<typeof request>,
  adminToken: string,
  county: { id: string },
  tag: string,
): Promise<{ user: string; unit: string }> {
  const auth = { Authorization: `Bearer ${adminToken}` };
  const unit = await http
    .post('/api/units')
    .set(auth)
    .send({ code: `V${tag}${randomUUID().slice(0, 4)}`, name: '受试镇', kind: 'town', parentId: county.id });
  if (unit.status !== 201) throw new Error(`victim unit: ${unit.status} ${JSON.stringify(unit.body)}`);
  const user = await http
    .post('/api/users')
    .set(auth)
    .send({
      username: `victim_${tag}_${randomUUID().slice(0, 4)}`,
      password: 'victim-password-1234',
      displayName: '受试者',
      role: 'instructor',
      unitId: unit.body.id,
    });
  if (user.status !== 201) throw new Error(`victim user: ${user.status} ${JSON.stringify(user.body)}`);
  return { user: user.body.id, unit: unit.body.id };
}
