import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http, { IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP request: the path is sent exactly as given (fetch would normalise it). */
function send(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The admin server as `npm start` runs it, on a folder of fake build output and a fake API. */
describe('tools/serve-admin.mjs', () => {
  let dir: string;
  let server: ChildProcess;
  let port = 0;
  let upstream: http.Server;
  let upstreamPort = 0;
  const seen: IncomingHttpHeaders[] = [];
  const bigJs = `export const x = ${JSON.stringify('taizhang '.repeat(5000))};\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tz-admin-'));
    mkdirSync(join(dir, 'media'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html><body><tz-root></tz-root><script src="main-X6OROE7U.js" type="module"></script></body></html>',
    );
    for (const f of ['main-X6OROE7U.js', 'chunk-C1Nsfpt-.js', 'chunk-bdsjlejk.js', 'zone-polyfills.js'])
      writeFileSync(join(dir, f), bigJs);
    writeFileSync(join(dir, 'styles-64ALDVVK.css'), 'body{color:red}');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, '.env'), 'SECRET=1');
    upstream = http.createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url, method: req.method }));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamPort = (upstream.address() as AddressInfo).port;
    server = spawn(process.execPath, [join(__dirname, 'serve-admin.mjs')], {
      env: { ...process.env, ADMIN_PORT: '0', ADMIN_DIST: dir, API_URL: `http://127.0.0.1:${upstreamPort}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      server.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      server.stderr?.on('data', (c: Buffer) => (out += c.toString()));
      server.on('exit', (code) => reject(new Error(`the admin server exited (${code}): ${out}`)));
    });
  }, 30_000);

  afterAll(async () => {
    server?.kill('SIGTERM');
    await new Promise<void>((r) => upstream.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a malformed percent-encoding with a 400 and keeps running', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/cases/%ZZ', '/%E0%A4%A.js']) {
      const res = await send(port, path);
      expect(res.status).toBe(400);
    }
    expect((await send(port, '/')).status).toBe(200);
    expect(server.exitCode).toBeNull();
  });

  it('answers other methods with a 405 and odd paths without a 5xx', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await send(port, '/', {
        method,
        body: method === 'OPTIONS' ? undefined : '{"a":1}',
        headers: { 'content-type': 'application/json' },
      });
      expect([method, res.status]).toEqual([method, 405]);
    }
    for (const path of [
      '/..%2f..%2fetc%2fpasswd',
      '/../../etc/passwd',
      '/.env',
      '/%00',
      '//',
      '/a'.repeat(2000),
      '/index.html/x',
      '/%2e%2e/',
    ]) {
      const res = await send(port, path);
      expect(res.status).toBeLessThan(500);
      expect(res.body.toString()).not.toContain('root:');
      expect(res.body.toString()).not.toContain('SECRET');
    }
    expect(server.exitCode).toBeNull();
  });

  it('caches hashed files for a year and revalidates everything else', async () => {
    const immutable = 'public, max-age=31536000, immutable';
    expect((await send(port, '/main-X6OROE7U.js')).headers['cache-control']).toBe(immutable);
    expect((await send(port, '/chunk-C1Nsfpt-.js')).headers['cache-control']).toBe(immutable);
    expect((await send(port, '/styles-64ALDVVK.css')).headers['cache-control']).toBe(immutable);
    expect((await send(port, '/zone-polyfills.js')).headers['cache-control']).toBe('no-cache');
    expect((await send(port, '/chunk-bdsjlejk.js')).headers['cache-control']).toBe('no-cache');
    expect((await send(port, '/favicon.svg')).headers['cache-control']).toBe('no-cache');
    for (const path of ['/', '/index.html', '/cases/0190b7c2-0000-7000-8000-000000000000?x=1']) {
      const res = await send(port, path);
      expect([path, res.status, res.headers['cache-control']]).toEqual([path, 200, 'no-cache']);
      expect(res.body.toString()).toContain('<tz-root>');
    }
    const missing = await send(port, '/chunk-GONEGONE.js');
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).not.toContain('<tz-root>');
  });

  it('compresses with brotli or gzip', async () => {
    const br = await send(port, '/main-X6OROE7U.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(bigJs.length / 10);
    const gzip = await send(port, '/main-X6OROE7U.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect((await send(port, '/main-X6OROE7U.js')).headers['content-encoding']).toBeUndefined();
  });

  it('sends a strict CSP and the other security headers', async () => {
    for (const path of ['/', '/main-X6OROE7U.js', '/nope.png']) {
      const { headers } = await send(port, path);
      const csp = String(headers['content-security-policy']);
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(headers['x-powered-by']).toBeUndefined();
    }
  });

  it('proxies /api with the socket address as X-Forwarded-For, whatever the client claims', async () => {
    seen.length = 0;
    const res = await send(port, '/api/cases?page=2', {
      method: 'POST',
      body: '{"a":1}',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': '6.6.6.6',
        forwarded: 'for=6.6.6.6',
        'x-real-ip': '6.6.6.6',
        authorization: 'Bearer t',
      },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ url: '/api/cases?page=2', method: 'POST' });
    const h = seen[0];
    expect(h['x-forwarded-for']).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    expect(h['forwarded']).toBeUndefined();
    expect(h['x-real-ip']).toBeUndefined();
    expect(h['authorization']).toBe('Bearer t');
    expect((await send(port, '/api')).status).toBe(200);
    expect((await send(port, '/apiary')).body.toString()).toContain('<tz-root>');
  });

  it('answers 502 problem details when the API is down', async () => {
    const down = spawn(process.execPath, [join(__dirname, 'serve-admin.mjs')], {
      env: { ...process.env, ADMIN_PORT: '0', ADMIN_DIST: dir, API_URL: 'http://127.0.0.1:1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const p = await new Promise<number>((resolve) => {
        let out = '';
        down.stdout?.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /127\.0\.0\.1:(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
      });
      const res = await send(p, '/api/health');
      expect(res.status).toBe(502);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.body.toString())).toMatchObject({ status: 502, title: 'Bad Gateway' });
    } finally {
      down.kill('SIGTERM');
    }
  }, 20_000);
});
