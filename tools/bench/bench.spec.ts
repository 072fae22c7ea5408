/**
 * The benchmark at small size (20,000 cases, short runs), end to end, so its code cannot rot: generator,
 * API and worker from dist/ (built by the test target's dependsOn), load generator, baseline server.
 * It checks that the report has every figure as a number — never how fast they are (timing targets live
 * in the report, not in a test that fails on a slow machine).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestEnvironment, dropTestEnvironment } from '@taizhang/testing';

const ROOT = join(__dirname, '../..');

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'tools/bench/run.mjs'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

describe('tools/bench (small)', () => {
  let env: { databaseUrl: string; redisPrefix: string };
  let out: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    out = mkdtempSync(join(tmpdir(), 'taizhang-bench-'));
  }, 60_000); // a database made and migrated: seconds on a busy machine, not Jest's default 5

  afterAll(async () => {
    if (env) await dropTestEnvironment(env.databaseUrl, env.redisPrefix);
    if (out) rmSync(out, { recursive: true, force: true });
  }, 60_000);

  it('writes a report with every figure, beside its baseline, and the machine', async () => {
    const { code, output } = await runBench([
      '--small',
      '--no-build',
      '--database-url',
      env.databaseUrl,
      '--redis-prefix',
      env.redisPrefix,
      '--out',
      out,
    ]);
    if (code !== 0) throw new Error(`the benchmark failed (exit ${code}):\n${output.slice(-4000)}`);

    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(
      '| benchmark | figure | value | baseline (same run) | ratio |',
    );
    expect(isNumber(report.machine.cores)).toBe(true);
    expect(isNumber(report.machine.memoryGb)).toBe(true);
    for (const at of ['start', 'end']) {
      expect(isNumber(report.machine.speed[at].jsMs) && report.machine.speed[at].jsMs > 0).toBe(true);
      expect(isNumber(report.machine.speed[at].pgMs) && report.machine.speed[at].pgMs > 0).toBe(true);
    }
    expect(report.data.cases).toBeGreaterThanOrEqual(20_000);
    expect(isNumber(report.data.loadSeconds)).toBe(true);

    const r = report.results;
    for (const k of ['reqPerSec', 'p50Ms', 'p99Ms', 'baselineReqPerSec', 'ratio'])
      expect([k, isNumber(r.intake[k])]).toEqual([k, true]);
    expect(r.intake.reqPerSec).toBeGreaterThan(0);
    // every request of both sides answered 201 (the load generator reads the status itself)
    expect([Object.keys(r.intake.statuses), r.intake.errors]).toEqual([['201'], 0]);
    expect(Object.keys(r.intake.baselineStatuses)).toEqual(['201']);
    expect(isNumber(r.dashboard.cases)).toBe(true);
    for (const level of ['city', 'county', 'town']) {
      expect([level, isNumber(r.dashboard.p95Ms[level]), isNumber(r.dashboard.naiveP95Ms[level])]).toEqual([
        level,
        true,
        true,
      ]);
    }
    // the counters must agree with a GROUP BY over the cases
    expect(r.dashboard.mismatches).toEqual([]);
    expect(r.dashboard.exact).toBe(true);
    expect(isNumber(r.ledgerList.p95Ms)).toBe(true);
    expect(r.ledgerList.keysetMatchesOffset).toBe(true);
    for (const k of ['rows', 'seconds', 'peakRssMb']) expect([k, isNumber(r.export[k])]).toEqual([k, true]);
    expect(r.export.rows).toBe(r.export.expectedRows);
    for (const k of ['cases', 'seconds', 'duplicates']) expect([k, isNumber(r.sweep[k])]).toEqual([k, true]);
    expect(r.sweep.duplicates).toBe(0);
    expect(r.sweep.escalateEvents).toBe(r.sweep.cases);
    for (const k of ['p50Ms', 'p95Ms', 'cpuSecondsPerHour', 'latenessBoundMs', 'sweepIntervalMs'])
      expect([k, isNumber(r.sweepIdle[k])]).toEqual([k, true]);
    expect(r.sweepIdle.p95Ms).toBeGreaterThanOrEqual(r.sweepIdle.p50Ms);
    // the throttled phone (issue 18): skipped, with the reason, where Chromium or the admin build is missing
    if (r.phone.skipped) expect(typeof r.phone.skipped).toBe('string');
    else
      for (const k of ['numbersMs', 'chartsMs', 'transferredKB'])
        expect([k, isNumber(r.phone[k]) && r.phone[k] > 0]).toEqual([k, true]);
    expect(r.sweepIdle.latenessBoundMs).toBeCloseTo(r.sweepIdle.sweepIntervalMs + r.sweepIdle.p95Ms, 0);
  }, 600_000); // ~1-2 min on a quiet machine (20,000 cases generated, every phase run); several times that beside other load
});
