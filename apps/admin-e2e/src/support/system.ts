/**
 * Processes of the real system for the browser tests: the built API, the worker and the admin app server,
 * on ports of their own (E2E_API_PORT / E2E_ADMIN_PORT), each with a log file in artifacts/e2e.
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
/** Where global setup leaves the demo world that every spec's world is copied from (see world.ts). */
export const TEMPLATE_ENV = 'TZ_E2E_TEMPLATE_DATABASE_URL';
/** When the template's backlog was done (PostgreSQL's clock, ISO): outbox rows due after it are handed over again. */
export const TEMPLATE_DONE_AT_ENV = 'TZ_E2E_TEMPLATE_DONE_AT';

/** A started process, with what it printed so far (to wait for a line, or to explain a failure). */
export interface Started {
  child: ChildProcess;
  name: string;
  output: () => string;
}

export function startProcess(name: string, script: string, env: Record<string, string>): Started {
  mkdirSync(ARTIFACTS, { recursive: true });
  const out = createWriteStream(join(ARTIFACTS, `${name}.log`));
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-200_000);
    out.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('close', () => out.end());
  return { child, name, output: () => text };
}

function exited(p: Started): string | null {
  if (p.child.exitCode === null && p.child.signalCode === null) return null;
  return `${p.name} exited (${p.child.exitCode ?? p.child.signalCode}); see artifacts/e2e/${p.name}.log:\n${p
    .output()
    .slice(-2000)}`;
}

/** Wait until the URL answers 2xx; fails at once if the process exits first. */
export async function waitFor(url: string, p: Started, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const gone = exited(p);
    if (gone) throw new Error(`${url}: ${gone}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms`);
}

/** Wait until the process has printed a line matching `pattern`; fails at once if it exits first. */
export async function waitForOutput(p: Started, pattern: RegExp, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (!pattern.test(p.output())) {
    const gone = exited(p);
    if (gone) throw new Error(gone);
    if (Date.now() - t0 > timeoutMs) throw new Error(`${p.name} did not print ${pattern} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, and SIGKILL if it has not exited within `graceMs`; resolves once it is gone (its port is free). */
export async function stopProcess(p: Started | undefined, graceMs = 15_000): Promise<void> {
  if (!p || exited(p)) return;
  const gone = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}
