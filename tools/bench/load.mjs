// A small closed-loop load generator (no autocannon): `connections` loops, each with its own keep-alive
// socket, send a request, wait for the answer, record the latency, and go again until the time is up.
import http from 'node:http';

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[k] * 100) / 100;
}

export function request(agent, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = http.request(
      { agent, host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) } },
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
 * Run `makeRequest(i)` → {url, method, headers, body} from `connections` loops for `seconds`.
 * Answers requests per second (2xx only), latency percentiles in ms, and the status counts.
 */
export async function load({ connections = 50, seconds = 30, makeRequest, ok = (s) => s >= 200 && s < 300 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const latencies = [];
  const statuses = {};
  let errors = 0;
  let n = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  const loop = async () => {
    while (performance.now() < until) {
      const r = makeRequest(n++);
      const s = performance.now();
      try {
        const res = await request(agent, r.url, r);
        const ms = performance.now() - s;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (ok(res.status)) latencies.push(ms);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
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
