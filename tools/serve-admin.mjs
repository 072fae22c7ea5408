// Serves the built admin app (dist/apps/admin/browser) and proxies /api to the API, as a production web
// server would: Express 5 with serve-static (ranges, ETag, no directory listing, safe paths), compression
// (brotli or gzip), helmet (CSP and the other security headers) and http-proxy-middleware for /api.
// Environment: ADMIN_PORT (4200), API_URL (http://127.0.0.1:3000), ADMIN_DIST (the built app's folder).
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './lib.mjs';

/**
 * A file name with a content hash, as Angular writes them (`main-X6OROE7U.js`, `chunk-C1Nsfpt-.js`,
 * `styles-64ALDVVK.css`): cached for a year and never revalidated. A hash has 8–10 letters, digits, `_` or
 * `-` in either case, and at least one capital or digit (so a plain word such as `-polyfills.js` is not
 * taken for one; a hash that happens to be all lower case is merely revalidated, which costs nothing).
 */
export function isHashed(file) {
  const m =
    /-([A-Za-z0-9_-]{8,10})\.(?:m?js|css|woff2?|ttf|otf|eot|svg|png|jpe?g|gif|webp|avif|ico|wasm)$/.exec(
      basename(file),
    );
  return !!m && /[A-Z0-9]/.test(m[1]);
}

/**
 * The Content-Security-Policy of the app. Scripts only from the app's own files (the token lives in
 * localStorage, so no inline or foreign script may run); the build inlines no script and no `onload`
 * handler (`inlineCritical: false` in apps/admin/project.json). Styles: the app's own files plus the
 * `<style>` elements Angular adds for its components at run time ('unsafe-inline' for styles only).
 */
export const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const problem = (res, status, detail) =>
  res
    .status(status)
    .type('application/problem+json')
    .set('Cache-Control', 'no-store')
    .send(
      JSON.stringify({
        type: 'about:blank',
        title: status === 502 ? 'Bad Gateway' : status === 404 ? 'Not Found' : 'Error',
        status,
        detail,
      }),
    );

/** The admin server as an Express application (not yet listening). */
export function createAdminServer({ dir, apiUrl }) {
  const api = new URL(apiUrl);
  const index = join(dir, 'index.html');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  // Brotli or gzip for the app's files and the API's JSON alike (not for what is compressed already).
  app.use(compression());

  // /api first, before any header or body handling of ours: passed through as it is (the API sets its own
  // headers), except the client address, which is the socket's and nothing a client claims.
  app.use(
    createProxyMiddleware({
      target: api.origin,
      pathFilter: (path) => path === '/api' || path.startsWith('/api/'),
      changeOrigin: true,
      xfwd: false,
      proxyTimeout: 120_000,
      on: {
        proxyReq: (proxyReq, req) => {
          for (const h of [
            'forwarded',
            'x-forwarded-for',
            'x-forwarded-host',
            'x-forwarded-proto',
            'x-forwarded-port',
            'x-real-ip',
          ]) {
            proxyReq.removeHeader(h);
          }
          proxyReq.setHeader('X-Forwarded-For', req.socket.remoteAddress ?? '');
          proxyReq.setHeader('X-Forwarded-Proto', req.socket.encrypted ? 'https' : 'http');
          if (req.headers.host) proxyReq.setHeader('X-Forwarded-Host', req.headers.host);
        },
        error: (err, req, res) => {
          // `res` is a socket for a failed upgrade; an answer already under way can only be cut.
          if (typeof res.status !== 'function' || res.headersSent) return res.destroy?.();
          problem(res, 502, `The API at ${api.host} is not answering (${err.code ?? 'error'})`);
        },
      },
    }),
  );

  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CSP },
      // TLS ends in front of this server (a load balancer or ingress), which sets HSTS.
      strictTransportSecurity: false,
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    }),
  );
  // A path that is not valid percent-encoding (e.g. /%E0%A4%A) is a 400, not a crash.
  app.use((req, res, next) => {
    try {
      decodeURIComponent(req.path);
    } catch {
      return problem(res, 400, 'The address is malformed (invalid percent-encoding)');
    }
    return next();
  });

  const files = express.static(dir, {
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders: (res, file) => {
      res.setHeader('Cache-Control', isHashed(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', 'GET, HEAD');
      return problem(res, 405, `${req.method} is not allowed here: the admin app is read with GET`);
    }
    return files(req, res, next);
  });

  // Every other GET is a route of the single-page app: index.html, never cached. A missing asset (a
  // name with an extension) is a 404, so an old hashed chunk is not answered with HTML.
  app.use((req, res) => {
    if (/\.[a-z0-9]+$/i.test(req.path)) return problem(res, 404, `No file ${req.path}`);
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index, { dotfiles: 'allow', cacheControl: false, lastModified: true });
  });

  // Anything that goes wrong (a malformed path, an aborted upload) ends this one answer, never the server.
  // Express knows an error handler by its four parameters.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  app.use((err, req, res, _next) => {
    const status = Number(err?.status ?? err?.statusCode) || 500;
    if (res.headersSent) return res.destroy();
    if (status >= 500) console.error(`admin server: ${req.method} ${req.originalUrl}:`, err);
    const detail =
      status === 400
        ? 'The address is malformed'
        : status === 404
          ? 'Not found'
          : status < 500
            ? String(err.message)
            : 'An unexpected error occurred';
    return problem(res, status >= 400 && status < 600 ? status : 500, detail);
  });
  return app;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.ADMIN_PORT || 4200);
  const apiUrl = process.env.API_URL || 'http://127.0.0.1:3000';
  const dir = resolve(process.env.ADMIN_DIST || join(ROOT, 'dist/apps/admin/browser'));
  if (!existsSync(join(dir, 'index.html'))) {
    console.error(`taizhang admin: ${dir}/index.html is missing: build it first (npx nx build admin)`);
    process.exit(1);
  }
  const server = createAdminServer({ dir, apiUrl }).listen(port, '0.0.0.0', () =>
    console.log(`admin app on http://127.0.0.1:${server.address().port} (API ${new URL(apiUrl).origin})`),
  );
  // Slow clients may not hold connections open for ever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
}
