import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ERROR_STATUS, ErrorCode } from './errors';
import { createOpenApiDocument } from './openapi';

/** Problem details written by a middleware (before Nest's exception filter is reached). */
function refuse(
  req: Request,
  res: Response,
  status: number,
  code: ErrorCode,
  title: string,
  detail: string,
): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: `https://taizhang.dev/problems/${code.toLowerCase().replace(/[._]/g, '-')}`,
      title,
      status,
      detail,
      code,
      instance: req.originalUrl,
    });
}

/** The queue dashboard (bull-board) has its own routes and bodies. */
const OWN_ROUTES = /^\/api\/admin\/queues(\/|$)/;
/** Uploads (POST /api/cases/{id}/attachments) take multipart/form-data and read it themselves. */
const MULTIPART_ROUTES = /^\/api\/cases\/[^/]+\/attachments\/?$/;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** `application/json`, alone or with a charset: what `req.is('application/json')` accepts, read without parsing. */
const PLAIN_JSON = /^application\/json(\s*;\s*charset=("?)utf-8\2)?$/i;

/**
 * 415 for a request body that is not JSON: the API reads only `application/json` (a body of another type
 * would otherwise reach validation as no body at all, and be refused as a 400 that misleads).
 */
export function requireJsonBodies(req: Request, res: Response, next: NextFunction): void {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody || !BODY_METHODS.has(req.method) || OWN_ROUTES.test(req.path)) return next();
  // what clients send (the JSON parser reads the type again): no full media-type parse for it
  if (PLAIN_JSON.test(req.headers['content-type'] ?? '') || req.is('application/json')) return next();
  if (req.method === 'POST' && MULTIPART_ROUTES.test(req.path) && req.is('multipart/form-data'))
    return next();
  const sent = req.headers['content-type'] ?? 'none';
  refuse(
    req,
    res,
    ERROR_STATUS['REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    'Unsupported Media Type',
    MULTIPART_ROUTES.test(req.path)
      ? `Send the file as multipart/form-data with the field "file" (got ${sent})`
      : `The request body must be JSON, sent with Content-Type: application/json (got ${sent})`,
  );
}

type Route = { pattern: RegExp; methods: string[] };

/**
 * 405 with `Allow` for a method a path of the API does not take (Nest would answer 404). The paths and
 * their methods are read once from the OpenAPI document, which is built from the same controllers.
 */
export function methodNotAllowed(
  app: INestApplication,
): (req: Request, res: Response, next: NextFunction) => void {
  let routes: Route[] | undefined;
  /** Per method, one pattern matching every path that takes it: the common case is one test, not one per path. */
  const takes = new Map<string, RegExp>();
  const table = (): Route[] => {
    if (routes) return routes;
    const sources = Object.entries(createOpenApiDocument(app).paths).map(([path, item]) => ({
      source: `${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?`,
      methods: Object.keys(item as object)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => m.toUpperCase()),
    }));
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const own = sources.filter((r) => r.methods.includes(method)).map((r) => r.source);
      if (own.length) takes.set(method, new RegExp(`^(?:${own.join('|')})$`));
    }
    takes.set('HEAD', takes.get('GET') ?? /(?!)/);
    return (routes = sources.map((r) => ({ pattern: new RegExp(`^${r.source}$`), methods: r.methods })));
  };
  return (req, res, next) => {
    if (!req.path.startsWith('/api/') || OWN_ROUTES.test(req.path)) return next();
    const all = table();
    // a path that takes this method passes at once (what nearly every request is)
    if (takes.get(req.method)?.test(req.path)) return next();
    const matching = all.filter((r) => r.pattern.test(req.path));
    if (!matching.length) return next();
    const allowed = new Set(matching.flatMap((r) => r.methods));
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.has(req.method)) return next();
    const allow = [...allowed].join(', ');
    res.setHeader('Allow', allow);
    refuse(
      req,
      res,
      ERROR_STATUS['REQUEST.METHOD_NOT_ALLOWED'],
      'REQUEST.METHOD_NOT_ALLOWED',
      'Method Not Allowed',
      `${req.method} is not allowed on ${req.path}: use ${allow}`,
    );
  };
}
