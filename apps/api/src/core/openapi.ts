import type { OpenAPIObject } from '@nestjs/swagger';

/** RFC 9457 problem details, as every error of the API is written (core/problem.filter.ts). */
const PROBLEM = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://taizhang.dev/problems/request-invalid' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'title must not be blank' },
    code: { type: 'string', description: 'stable machine-readable code', example: 'REQUEST.INVALID' },
    errors: {
      type: 'array',
      description: 'one entry per invalid field',
      items: {
        type: 'object',
        properties: { field: { type: 'string', example: 'title' }, message: { type: 'string' } },
      },
    },
    currentVersion: { type: 'integer', description: 'on a stale-version 409: the version the case has now' },
    instance: { type: 'string', example: '/api/cases' },
  },
};

const COMMON: Record<string, string> = {
  '400': 'invalid input: `errors[]` names each field to fix',
  '401': 'not signed in, or the token expired',
  '403': 'signed in, but this is not yours to do',
  '404': 'not found, or not in your jurisdiction',
  '409': 'conflict: stale version, not allowed in this state, or already exists',
  '429': 'too many attempts',
  '500': 'unexpected error (logged); never caused by input',
  '503':
    'PostgreSQL or Redis cannot be reached right now (code UNAVAILABLE): retry after `Retry-After` seconds',
};

const RETRY_AFTER = {
  'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer', example: 5 } },
};

/** Every operation documents its error answers as problem details, besides its own success answer. */
export function withProblemResponses(doc: OpenAPIObject): OpenAPIObject {
  doc.components = doc.components ?? {};
  doc.components.schemas = { ...(doc.components.schemas ?? {}), ProblemDetails: PROBLEM };
  const ref = { $ref: '#/components/schemas/ProblemDetails' };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(
      item as Record<string, { responses?: Record<string, unknown>; security?: unknown[] }>,
    )) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const responses = (op.responses ?? {}) as Record<string, { description?: string; content?: unknown }>;
      const codes = op.security ? Object.keys(COMMON) : ['400', '500', '503'];
      for (const code of codes) {
        const existing = responses[code];
        // an operation that documents its own 503 (health) answers it with its own body
        if (code === '503' && existing) continue;
        responses[code] = {
          description: existing?.description ?? (COMMON[code] as string),
          content: { 'application/problem+json': { schema: ref } },
          ...(code === '503' ? { headers: RETRY_AFTER } : {}),
        };
      }
      op.responses = responses;
    }
  }
  return doc;
}
