import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ERROR_STATUS } from './errors';

/** RFC 9457 problem details, as every error of the API is written (core/problem.filter.ts). */
const PROBLEM = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://taizhang.dev/problems/request-invalid' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
    detail: { type: 'string', example: 'title must not be blank' },
    code: {
      type: 'string',
      description: 'stable machine-readable code (one table: apps/api/src/core/errors.ts)',
      enum: Object.keys(ERROR_STATUS),
      example: 'REQUEST.INVALID',
    },
    errors: {
      type: 'array',
      description: 'one entry per invalid field',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', example: 'title' }, message: { type: 'string' } },
      },
    },
    currentVersion: {
      type: 'integer',
      minimum: 0,
      description: 'on a stale-version 409: the version the case has now',
    },
    instance: { type: 'string', example: '/api/cases' },
  },
};

const DESCRIPTIONS: Record<string, string> = {
  '400': 'invalid input: `errors[]` names each field to fix',
  '401': 'not signed in, or the token expired',
  '403': 'signed in, but this is not yours to do (or you must change your password first)',
  '404': 'not found, or not in your jurisdiction',
  '405': 'this path does not take this method: `Allow` lists the ones it takes',
  '409': 'conflict: stale version, not allowed in this state, or already exists',
  '410': 'gone: the link was used, replaced or has expired',
  '413': 'the request body is too large',
  '415': 'the request body is not `application/json`',
  '422': 'the request cannot be processed as sent',
  '429': 'too many attempts: wait `Retry-After` seconds',
  '500': 'unexpected error (logged); never caused by input',
  '503':
    'PostgreSQL or Redis cannot be reached right now (code UNAVAILABLE): retry after `Retry-After` seconds',
};

const RETRY_AFTER = {
  'Retry-After': {
    description: 'seconds to wait before retrying',
    schema: { type: 'integer', minimum: 0, example: 5 },
  },
};

/** Path parameters named `id` are UUIDs, except a queue job's id (BullMQ's own numbering). */
const NOT_UUID_ID = /^\/api\/admin\/jobs\//;

type Schema = Record<string, unknown>;
interface Op {
  operationId?: string;
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: unknown;
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown }>; headers?: unknown }
  >;
  security?: unknown[];
}

/**
 * The document as served and linted: every error answer as problem details (the statuses the operation can
 * really answer), `security: []` on the public operations, UUID path ids.
 */
export function completeDocument(doc: OpenAPIObject): OpenAPIObject {
  doc.components = doc.components ?? {};
  doc.components.schemas = { ...(doc.components.schemas ?? {}), ProblemDetails: PROBLEM };
  const ref = { $ref: '#/components/schemas/ProblemDetails' };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Op>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const secured = Array.isArray(op.security) && op.security.length > 0;
      if (!secured) op.security = [];
      for (const p of op.parameters ?? []) {
        if (p.in === 'path' && p.name === 'id' && !NOT_UUID_ID.test(path))
          p.schema = { ...p.schema, format: 'uuid' };
      }
      const responses = op.responses ?? {};
      const statuses = new Set(Object.keys(responses).filter((s) => /^[45]\d\d$/.test(s)));
      // any request may carry a body that is not JSON (body-parser reads one on every method)
      statuses.add('400');
      if (secured) {
        statuses.add('401');
        statuses.add('403');
      }
      if ((op.parameters ?? []).some((p) => p.in === 'path')) statuses.add('404');
      if (op.requestBody) {
        statuses.add('413');
        statuses.add('415');
      }
      statuses.add('500');
      statuses.add('503');
      for (const code of [...statuses].sort()) {
        const existing = responses[code];
        // an operation that documents its own 503 body (health: no Retry-After) keeps it
        if (code === '503' && existing?.content) continue;
        responses[code] = {
          description: existing?.description ?? DESCRIPTIONS[code],
          content: { 'application/problem+json': { schema: ref } },
          ...(code === '503' || code === '429' ? { headers: RETRY_AFTER } : {}),
        };
      }
      op.responses = responses;
    }
  }
  return doc;
}

/** The OpenAPI document of the API, built from its controllers and DTO classes (no server needed). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('taizhang API')
    .setDescription(
      'The enterprise problem ledger (问题台账): open → assign → escalate → resolve → close. ' +
        'Sign in with POST /api/auth/login, then "Authorize" with the accessToken. Errors are RFC 9457 problem details. ' +
        'Every list answers one envelope: `{ items, total, page, pageSize }`.',
    )
    .setVersion('0.1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'this server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  return completeDocument(
    SwaggerModule.createDocument(app, config, {
      // readable ids: set on each operation (`listCases`, `actOnCase`, …); the method name otherwise
      operationIdFactory: (_controller: string, method: string) => method,
    }),
  );
}
