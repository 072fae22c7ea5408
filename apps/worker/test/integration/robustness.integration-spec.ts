import { createDataSource } from '@taizhang/db';
import { eventually, redisCli, seedMinimalWorld, startRedis, stopRedis } from '@taizhang/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSource } from 'typeorm';
import { openCaseDirect } from './harness';
import { useProcesses } from './processes';

/**
 * The worker loses no deadline and never acts twice, with real processes: SIGKILL mid-job, FLUSHALL,
 * two workers at once, Redis stopped while cases are opened. Each test runs its own redis-server.
 */
describe('worker robustness (real processes)', () => {
  let ds: DataSource;
  let world: Awaited<ReturnType<typeof seedMinimalWorld>>;
  const ROOT = join(__dirname, '../../../..');

  beforeAll(async () => {
    ds = createDataSource(process.env['DATABASE_URL'] as string);
    await ds.initialize();
    world = await seedMinimalWorld((sql, params) => ds.query(sql, params));
  });
  const { redis, worker } = useProcesses();
  afterAll(() => ds.destroy());
  const inSeconds = (s: number) => new Date(Date.now() + s * 1000);
  async function counts(ids: string[]): Promise<Record<string, { overdue: number; escalate: number }>> {
    const rows: { case_id: string; type: string; n: number }[] = await ds.query(
      `SELECT case_id, type, count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) AND type IN ('overdue','escalate') GROUP BY 1, 2`,
      [ids],
    );
    const out: Record<string, { overdue: number; escalate: number }> = {};
    for (const id of ids) out[id] = { overdue: 0, escalate: 0 };
    for (const r of rows) (out[r.case_id] as Record<string, number>)[r.type] = r.n;
    return out;
  }
  const once = { overdue: 1, escalate: 1 };

  it('a worker killed with SIGKILL mid-job: after a restart the case is escalated exactly once', async () => {
    const r = await redis();
    const env = { REDIS_URL: r.url, SWEEP_INTERVAL_MS: '1000' };
    const a = worker({ ...env, TEST_CHECK_DELAY_MS: '60000' });
    const id = await openCaseDirect(ds, world, inSeconds(0.5), inSeconds(1));
    await a.waitFor(new RegExp(`holding the check of case ${id}`));
    await a.stop('SIGKILL'); // dies inside the transaction: nothing of it commits
    expect((await counts([id]))[id]).toEqual({ overdue: 0, escalate: 0 });
    worker(env);
    await eventually(
      'escalation after restart',
      async () => (await counts([id]))[id]?.escalate === 1,
      30_000,
    );
    await new Promise((res) => setTimeout(res, 3000)); // the stalled job and the sweep may both come round
    expect((await counts([id]))[id]).toEqual(once);
  });

  it('SIGTERM while a job runs: the job finishes before the process exits (graceful shutdown)', async () => {
    const r = await redis();
    const w = worker({ REDIS_URL: r.url, SWEEP_INTERVAL_MS: '3600000', TEST_CHECK_DELAY_MS: '2000' });
    const id = await openCaseDirect(ds, world, inSeconds(0.5), inSeconds(1));
    await w.waitFor(new RegExp(`holding the check of case ${id}`));
    const exited = new Promise<string>((res) =>
      w.child.once('close', (code, signal) => res(String(code ?? signal))),
    );
    w.child.kill('SIGTERM');
    // Nest closes the app (the BullMQ worker waits for its active job), then re-raises the signal
    expect(['0', 'SIGTERM']).toContain(await exited);
    expect(w.output()).toMatch(/finishing active jobs/);
    expect((await counts([id]))[id]?.overdue).toBe(1); // the held check committed before the exit
  });

  it('FLUSHALL with deadlines pending: the sweep restores them and they fire once', async () => {
    const r = await redis();
    const w = worker({ REDIS_URL: r.url, SWEEP_INTERVAL_MS: '1000' });
    await w.waitFor(/worker running/);
    const ids = await Promise.all(
      [1, 2, 3, 4, 5].map(() => openCaseDirect(ds, world, inSeconds(2), inSeconds(3))),
    );
    await eventually('jobs in Redis', async () => {
      const [o] = await ds.query(
        `SELECT count(*)::int AS n FROM outbox WHERE payload->>'caseId' = ANY($1) AND delivered_at IS NULL`,
        [ids],
      );
      return o.n === 0;
    });
    expect(redisCli(r.port, 'flushall').trim()).toBe('OK');
    await eventually(
      'all escalated',
      async () => Object.values(await counts(ids)).every((c) => c.escalate === 1),
      30_000,
    );
    await new Promise((res) => setTimeout(res, 2000));
    for (const id of ids) expect((await counts([id]))[id]).toEqual(once);
  });

  it('two worker processes at once: every deadline is handled exactly once', async () => {
    const r = await redis();
    const env = { REDIS_URL: r.url, SWEEP_INTERVAL_MS: '500' };
    const a = worker(env);
    const b = worker(env);
    await Promise.all([a.waitFor(/worker running/), b.waitFor(/worker running/)]);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await openCaseDirect(ds, world, inSeconds(2), inSeconds(2.5)));
    await eventually(
      'all escalated',
      async () => Object.values(await counts(ids)).every((c) => c.escalate >= 1),
      40_000,
    );
    await new Promise((res) => setTimeout(res, 3000));
    const all = await counts(ids);
    for (const id of ids) expect(all[id]).toEqual(once);
  });

  it('Redis stopped while cases are opened: none is lost once Redis is back', async () => {
    const r = await redis();
    const w = worker({ REDIS_URL: r.url, SWEEP_INTERVAL_MS: '3600000' }); // no sweep: delivery alone must do it
    await w.waitFor(/worker running/);
    await stopRedis(r.port, { keepDir: true });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await openCaseDirect(ds, world, inSeconds(4), inSeconds(3600)));
    // The outage lasts until the relay has failed and, 10 s on, dropped its connection for a new one: the
    // point where it used to wait for ever on a disconnect that cannot complete while ioredis reconnects
    // (when a busy machine made the outage longer than 10 s, the test failed). Conditions, not a sleep.
    await w.waitFor(/outbox relay: .*rows wait in the outbox/, 60_000);
    await w.waitFor(/opening a new Redis connection/, 60_000);
    const [pending] = await ds.query(
      `SELECT count(*)::int AS n FROM outbox WHERE payload->>'caseId' = ANY($1) AND delivered_at IS NULL`,
      [ids],
    );
    expect(pending.n).toBe(20); // respond + resolve per case, kept while Redis is down
    await startRedis(r.port);
    await eventually(
      'all delivered',
      async () => {
        const [o] = await ds.query(
          `SELECT count(*)::int AS n FROM outbox WHERE payload->>'caseId' = ANY($1) AND delivered_at IS NULL`,
          [ids],
        );
        return o.n === 0;
      },
      60_000,
    ).catch((err: Error) => {
      const file = join(ROOT, 'artifacts', 'worker-redis-outage.log');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, w.output());
      throw new Error(
        `${err.message} (whole worker output in ${file})\n--- worker output ---\n${w.output().slice(-4000)}`,
      );
    });
    await eventually(
      'every respond-by marked',
      async () => Object.values(await counts(ids)).every((c) => c.overdue === 1),
      30_000,
    );
    const all = await counts(ids);
    for (const id of ids) expect(all[id]).toEqual({ overdue: 1, escalate: 0 });
  }, 150_000);
});
