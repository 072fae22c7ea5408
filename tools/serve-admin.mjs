// Serves the built admin app (dist/apps/admin/browser) and proxies /api to the API. No dependencies.
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize } from 'node:path';
import { ROOT } from './lib.mjs';

const port = Number(process.env.ADMIN_PORT || 4200);
const api = new URL(process.env.API_URL || 'http://127.0.0.1:3000');
const dir = join(ROOT, 'dist/apps/admin/browser');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

if (!existsSync(join(dir, 'index.html'))) {
  console.error(`taizhang admin: ${dir}/index.html is missing: build it first (npx nx build admin)`);
  process.exit(1);
}

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/api')) {
    const upstream = http.request(
      { host: api.hostname, port: api.port || 80, path: req.url, method: req.method, headers: { ...req.headers, host: api.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail: `The API at ${api.host} is not answering` }));
    });
    req.pipe(upstream);
    return;
  }
  const path = normalize(decodeURIComponent(req.url.split('?')[0])).replace(/^(\.\.[/\\])+/, '');
  let file = join(dir, path);
  if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const immutable = /-[A-Z0-9]{8,}\.(js|css)$/.test(file);
  res.writeHead(200, { 'content-type': type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
  createReadStream(file).pipe(res);
});
server.listen(port, '0.0.0.0', () => console.log(`admin app on http://127.0.0.1:${port} (API ${api.origin})`));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
