import { loadConfig } from '@taizhang/config';
import type { OpenAPIObject } from '@nestjs/swagger';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildOpenApiDocument } from '../app';

type Op = {
  operationId?: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const operations = (doc: OpenAPIObject): [string, Op][] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Op>)
      .filter(([m]) => METHODS.includes(m))
      .map(([m, op]): [string, Op] => [`${m.toUpperCase()} ${path}`, op]),
  );

/** The operations whose success answer has no schema (a 204 has no body, so it needs none). */
export function withoutSuccessSchema(doc: OpenAPIObject): string[] {
  return operations(doc)
    .filter(([, op]) => {
      const ok = Object.entries(op.responses ?? {}).filter(([s]) => /^2\d\d$/.test(s));
      if (!ok.length) return true;
      return ok.some(([s, r]) => s !== '204' && !Object.values(r.content ?? {}).some((c) => c.schema));
    })
    .map(([name]) => name);
}

const ROOT = resolve(__dirname, '../../../..');
/** Where the document is written for Redocly and the client generator (`npx nx run api:openapi`). */
export const DOCUMENT = join(ROOT, 'dist/openapi/openapi.json');
/** The types generated from it, committed (the e2e support code's typed fetch uses them). */
export const GENERATED_TYPES = join(ROOT, 'libs/contracts/src/openapi.generated.ts');
const node = (args: string[]) =>
  spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });

describe('the OpenAPI document', () => {
  let doc: OpenAPIObject;
  beforeAll(async () => {
    doc = await buildOpenApiDocument(loadConfig({ NODE_ENV: 'test' }));
  }, 60_000);

  it('declares a success answer with a schema on every operation', () => {
    expect(operations(doc).length).toBeGreaterThanOrEqual(40);
    expect(withoutSuccessSchema(doc)).toEqual([]);
  });

  it('finds an operation without a success schema', () => {
    const broken = JSON.parse(JSON.stringify(doc)) as OpenAPIObject;
    const get = (broken.paths['/api/cases/{id}'] as Record<string, Op>)['get'];
    get.responses = { '200': { description: 'the case' } } as Op['responses'];
    expect(withoutSuccessSchema(broken)).toEqual(['GET /api/cases/{id}']);
  });

  it('has readable, unique operationIds', () => {
    const ids = operations(doc).map(([, op]) => op.operationId ?? '');
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['listCases', 'getCase', 'openCase', 'actOnCase', 'login']));
  });

  it('needs no sign-in only for signing in, the health checks (health, liveness, readiness) and the enterprise confirmation link', () => {
    const open = operations(doc)
      .filter(([, op]) => !op.security?.length)
      .map(([name]) => name);
    expect(open.sort()).toEqual([
      'GET /api/health',
      'GET /api/health/live',
      'GET /api/health/ready',
      'GET /api/public/confirmations/{token}',
      'POST /api/auth/login',
      'POST /api/public/confirmations/{token}',
    ]);
  });

  it("passes Redocly's recommended ruleset without an error or a warning", () => {
    mkdirSync(join(ROOT, 'dist/openapi'), { recursive: true });
    writeFileSync(DOCUMENT, `${JSON.stringify(doc, null, 2)}\n`);
    const out = node([
      require.resolve('@redocly/cli/bin/cli.js'),
      'lint',
      '--extends=recommended',
      '--format=stylish',
      DOCUMENT,
    ]);
    const report = `${out.stdout}\n${out.stderr}`;
    const problems = report.match(/^.*(error|warning).*$/gim)?.filter((l) => !/Node\.js/.test(l)) ?? [];
    expect({ status: out.status, problems }).toEqual({ status: 0, problems: [] });
    expect(report).toMatch(/valid/i);
  }, 60_000);

  it('has its generated client types up to date (else: npx nx run api:openapi)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const out = node([
        join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'),
        file,
        '--default-non-nullable',
        'false',
        '-o',
        join(dir, 'types.ts'),
      ]);
      expect(out.status).toBe(0);
      expect(readFileSync(join(dir, 'types.ts'), 'utf8')).toBe(readFileSync(GENERATED_TYPES, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
