#!/usr/bin/env node
// `npm test`: every test, from a fresh clone. Installs what is missing (npm ci; Chromium from Debian when
// root), then: formatting (Prettier) · lint (with module boundaries) · type checks · unit tests · builds ·
// API integration tests (real PostgreSQL + Redis, a database and key prefix of their own) · worker
// integration tests · the Playwright test in Chromium. Prints a time per step and one total line.
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, checkServices, ensureChromium, ensureInstalled, log, run } from './lib.mjs';

const t0 = Date.now();
const times = [];
const step = (name, fn) => {
  log(`── ${name}`);
  const s = Date.now();
  fn();
  times.push([name, (Date.now() - s) / 1000]);
};

step('install', () => {
  ensureInstalled();
  ensureChromium();
});
await checkServices();

const summary = join(ROOT, 'test-output', 'summary.jsonl');
mkdirSync(join(ROOT, 'test-output'), { recursive: true });
rmSync(summary, { force: true });
const env = { NX_DAEMON: 'false', TZ_TEST_SUMMARY: summary, NX_TUI: 'false' };
/** The Jest runs' lines so far (tools/jest-summary-reporter.cjs). */
const runs = () =>
  existsSync(summary)
    ? readFileSync(summary, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
/** When a step fails: its failed tests again, last, where a log's tail shows them. */
const printFailures = () => {
  const failures = runs().flatMap((r) => r.failures ?? []);
  if (!failures.length) return;
  console.log(`\nFailed tests (${failures.length}):`);
  for (const f of failures) console.log(`\n✕ ${f.file.replace(ROOT + '/', '')} › ${f.test}\n${f.message}`);
};
const nx = (args) =>
  run('npx', ['nx', ...args, '--output-style=static', '--skip-nx-cache'], { env, onFail: printFailures });

// every file as Prettier writes it (generated types, landed migrations and the lock file are in .prettierignore)
step('format (Prettier)', () => run('npx', ['prettier', '--check', '.', '--log-level', 'warn']));
step('lint', () => nx(['run-many', '-t', 'lint']));
step('typecheck', () => nx(['run-many', '-t', 'typecheck']));
step('unit tests', () => nx(['run-many', '-t', 'test']));
// Built once, here, for everything after it: the integration tests start the built API and worker, the
// browser tests all three. Their targets depend on the builds, so they run with --exclude-task-dependencies
// (with --skip-nx-cache nx would otherwise build the API three times and the worker twice). The type checks
// above covered the apps' tsconfig.app.json already, so the builds skip their own (TZ_BUILD_TYPECHECK).
step('build', () =>
  run(
    'npx',
    ['nx', 'run-many', '-t', 'build', '-p', 'api,worker,admin', '--output-style=static', '--skip-nx-cache'],
    {
      env: { ...env, TZ_BUILD_TYPECHECK: 'false' },
    },
  ),
);
// The API's and the worker's integration tests side by side: each has a database and Redis prefix of its own
// and picks free ports, and both spend most of their time waiting (on PostgreSQL, on Redis, on outage windows
// and deadlines that fall due in seconds), not on the CPU: together they take about as long as the slower one.
step('integration tests (API and worker side by side)', () =>
  nx(['run-many', '-t', 'integration', '-p', 'api,worker', '--parallel=2', '--exclude-task-dependencies']),
);
step('browser tests (Playwright, Chromium)', () =>
  nx(['run', 'admin-e2e:e2e', '--exclude-task-dependencies']),
);

let passed = 0;
let failed = 0;
let skipped = 0;
for (const r of runs()) {
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
}
if (failed) printFailures();
console.log('\nTimes:');
for (const [name, s] of times) console.log(`  ${name.padEnd(40)} ${s.toFixed(1).padStart(7)} s`);
console.log(`  ${'total'.padEnd(40)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(7)} s`);
console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
