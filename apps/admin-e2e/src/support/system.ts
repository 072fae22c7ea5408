/**
 * Starts the real system for the browser tests: the built API (with demo data), the worker and the admin
 * app server, on ports of their own, against a test database and Redis prefix of their own.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../../../..');
export const ARTIFACTS = join(ROOT, 'artifacts/e2e');
export const API_PORT = Number(process.env['E2E_API_PORT'] ?? 3310);
export const ADMIN_PORT = Number(process.env['E2E_ADMIN_PORT'] ?? 4310);
export const API = `http://127.0.0.1:${API_PORT}`;
export const ADMIN = `http://127.0.0.1:${ADMIN_PORT}`;
export const ADMIN_PASSWORD = 'e2e-admin-password';
export const DEMO_PASSWORD = 'demo1234';

export function startProcess(name: string, script: string, env: Record<string, string>): ChildProcess {
  mkdirSync(ARTIFACTS, { recursive: true });
  const out = createWriteStream(join(ARTIFACTS, `${name}.log`));
  const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

export async function waitFor(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode}); see artifacts/e2e/*.log`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms`);
}
