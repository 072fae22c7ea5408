import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { Server } from 'node:http';

/** The largest request body the API reads. */
export const BODY_LIMIT = '1mb';
/** A client has this long to send a whole request (headers and body); then Node answers 408 and closes. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** … and this long for the headers alone (slow-header clients). */
export const HEADERS_TIMEOUT_MS = 15_000;

/** Node's own limits on how long a client may take to send its request. */
export function limitRequestTime(server: Server): void {
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
}

/**
 * helmet's headers (nosniff, frame protection, no-referrer, cross-origin policies, …) with a CSP that fits
 * the API's two HTML pages (Swagger UI at /api/docs, the queue board at /api/admin/queues: scripts only
 * from the API itself, their inline styles and the board's web font), and `Cache-Control: no-store` on
 * every API answer: they are per user (or a token, for the login) and must not sit in a shared cache.
 * No HSTS: TLS ends in front of the API, and that proxy sets it.
 */
export function securityHeaders(): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
        fontSrc: ["'self'", 'https://fonts.gstatic.com', 'data:'],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    headers(req, res, next);
  };
}
