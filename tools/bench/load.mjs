// A small closed-loop load generator (no autocannon): `connections` loops, each with its own keep-alive
// socket, send a request, wait for the answer, record the latency, and go again until the time is up.
// `request` (node:http) is for single calls; `load` writes and reads HTTP/1.1 itself, lean as autocannon.
import http from 'node:http';
import net from 'node:net';

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[k] * 100) / 100;
}

export function request(agent, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const data =
      body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = http.request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        headers: {
          ...headers,
          ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
        },
      },
      (res) => {
        const parts = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(parts) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/**
 * One keep-alive HTTP/1.1 connection that sends a request and reads one answer at a time, as autocannon
 * does: the request is written as one buffer and the answer is read only as far as its status line,
 * Content-Length (or chunked framing) and end, so the load generator's own CPU stays small next to the
 * server's on a machine they share. Bodies are not kept.
 */
class Connection {
  constructor(host, port) {
    this.host = host;
    this.port = port;
    this.socket = null;
    this.pending = null;
    this.buf = Buffer.alloc(0);
  }

  open() {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: this.host, port: this.port, noDelay: true });
      s.once('connect', () => resolve());
      s.once('error', (err) => {
        this.socket = null;
        if (this.pending) this.fail(err);
        else reject(err);
      });
      s.on('close', () => {
        if (this.socket === s) this.socket = null;
        if (this.pending) this.fail(new Error('connection closed before the answer ended'));
      });
      s.on('data', (d) => this.onData(d));
      this.socket = s;
    });
  }

  fail(err) {
    const p = this.pending;
    this.pending = null;
    this.buf = Buffer.alloc(0);
    p.reject(err);
  }

  onData(d) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    if (!this.pending) return;
    const head = this.buf.indexOf('\r\n\r\n');
    if (head < 0) return;
    const headers = this.buf.subarray(0, head).toString('latin1');
    const status = Number(headers.slice(9, 12));
    const start = head + 4;
    let end;
    const len = /\r\ncontent-length:\s*(\d+)/i.exec(headers);
    if (len) {
      end = start + Number(len[1]);
      if (this.buf.length < end) return;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(headers)) {
      let at = start;
      for (;;) {
        const nl = this.buf.indexOf('\r\n', at);
        if (nl < 0) return;
        const size = parseInt(this.buf.subarray(at, nl).toString('latin1'), 16);
        at = nl + 2 + size + 2;
        if (this.buf.length < at) return;
        if (size === 0) break;
      }
      end = at;
    } else {
      end = start; // no body (e.g. 204)
    }
    const close = /\r\nconnection:\s*close/i.test(headers);
    this.buf = this.buf.subarray(end);
    const p = this.pending;
    this.pending = null;
    if (close) this.socket?.destroy();
    p.resolve(status);
  }

  async send(bytes) {
    if (!this.socket) await this.open();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(bytes);
    });
  }

  close() {
    this.socket?.destroy();
    this.socket = null;
  }
}

function requestBytes(u, { method = 'GET', headers = {}, body }) {
  const data = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  let head = `${method} ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nConnection: keep-alive\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  if (body !== undefined)
    head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(data)}\r\n`;
  return Buffer.from(`${head}\r\n${data}`);
}

/**
 * Run `makeRequest(i)` → {url, method, headers, body} from `connections` loops for `seconds`, each loop on
 * its own keep-alive connection (a closed one is opened again; a failed request counts as an error).
 * Answers requests per second (2xx only), latency percentiles in ms, and the status counts.
 */
export async function load({ connections = 50, seconds = 30, makeRequest, ok = (s) => s >= 200 && s < 300 }) {
  const latencies = [];
  const statuses = {};
  let errors = 0;
  let n = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  const conns = [];
  const loop = async () => {
    let conn = null;
    while (performance.now() < until) {
      const r = makeRequest(n++);
      const u = new URL(r.url);
      conn ??= conns[conns.push(new Connection(u.hostname, Number(u.port || 80))) - 1];
      const bytes = requestBytes(u, r);
      const s = performance.now();
      try {
        const status = await conn.send(bytes);
        const ms = performance.now() - s;
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (ok(status)) latencies.push(ms);
      } catch {
        errors++;
        conn.close();
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - t0) / 1000;
  for (const c of conns) c.close();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds: Math.round(elapsed * 10) / 10,
    reqPerSec: Math.round((latencies.length / elapsed) * 10) / 10,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    statuses,
    errors,
  };
}
