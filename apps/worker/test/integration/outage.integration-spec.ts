import { createDataSource, openDatabase } from '@taizhang/db';
import {
  eventually,
  redisCli,
  seedMinimalWorld,
  startPrivatePostgres,
  startRedis,
  stopRedis,
} from '@taizhang/testing';
import { DataSource } from 'typeorm';
import { generateCases, requestTownExport } from './export-fixtures';
import { openCaseDirect } from './harness';
import { WorkerProcess, useProcesses } from './processes';

/**
 * Faults that last (issue 11), with real worker processes and a redis-server of the test's own (no
 * persistence, like a cache restarted empty). Every count is read from PostgreSQL: cases, events per case,
 * escalations per case, notifications sent, undelivered outbox rows.
 */
describe('worker: Redis outages, flushes and SIGTERM (real processes)', () => {
  let ds: DataSource;
  const prefix = process.env['REDIS_PREFIX'] as string;

  beforeAll(async () => {
    ds = createDataSource(process.env['DATABASE_URL'] as string);
    await ds.initialize();
  });
  const { redis, worker } = useProcesses();
  afterAll(() => ds.destroy());
  /** SIGTERM, and how long the process took to end (it is killed after `limitMs` if still alive). */
  async function terminate(w: WorkerProcess, limitMs = 20_000): Promise<{ ms: number; how: string }> {
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const ended = new Promise<string>((res) =>
      w.child.once('exit', (code, signal) => res(String(code ?? signal))),
    );
    w.child.kill('SIGTERM');
    const how = await Promise.race([
      ended,
      new Promise<string>((res) => (timer = setTimeout(() => res('still running'), limitMs))),
    ]);
    clearTimeout(timer);
    return { ms: Date.now() - t0, how };
  }
  const inSeconds = (s: number) => new Date(Date.now() + s * 1000);
  const undelivered = async (ids: string[]): Promise<number> =>
    (
      await ds.query(
        `SELECT count(*)::int AS n FROM outbox o LEFT JOIN notifications n ON n.id::text = o.payload->>'notificationId'
          WHERE o.delivered_at IS NULL AND (o.payload->>'caseId' = ANY($1) OR n.case_id = ANY($1::uuid[]))`,
        [ids],
      )
    )[0].n;
  async function eventsOf(ids: string[]): Promise<Map<string, string[]>> {
    const rows: { case_id: string; types: string[] }[] = await ds.query(
      `SELECT case_id, array_agg(type ORDER BY seq) AS types FROM case_events WHERE case_id = ANY($1::uuid[]) GROUP BY 1`,
      [ids],
    );
    return new Map(rows.map((r) => [r.case_id, r.types]));
  }
  async function notificationsOf(
    ids: string[],
  ): Promise<{ case_id: string; user_id: string; kind: string; n: number; sent: number }[]> {
    return ds.query(
      `SELECT case_id, user_id, kind, count(*)::int AS n, count(sent_at)::int AS sent FROM notifications
        WHERE case_id = ANY($1::uuid[]) GROUP BY 1, 2, 3`,
      [ids],
    );
  }
  /** No deadline or notification job waiting or running in the private Redis: nothing more will happen. */
  const quiet = (port: number) =>
    ['deadlines', 'notifications'].every((q) =>
      ['wait', 'active'].every((list) => redisCli(port, 'llen', `${prefix}:${q}:${list}`).trim() === '0'),
    );

  it(
    'Redis down for 30 s while cases are opened and fall due: the backlog is delivered within seconds of its return, ' +
      'nothing doubled; SIGTERM during the outage ends a worker within 10 s',
    async () => {
      const world = await seedMinimalWorld((sql, params) => ds.query(sql, params));
      const [officer] = await ds.query(
        `INSERT INTO users (username, display_name, role, unit_id, password_hash) VALUES ($1, $1, 'bureau_officer', $2, 'x') RETURNING id`,
        [`officer_${world.townCode}`, world.bureauId],
      );
      const r = await redis();
      // no sweep: delivery alone must do it once Redis is back
      const env = { REDIS_URL: r.url, SWEEP_INTERVAL_MS: '3600000' };
      const a = worker(env);
      const b = worker(env);
      await Promise.all([a.waitFor(/worker running/), b.waitFor(/worker running/)]);

      await stopRedis(r.port, { keepDir: true });
      const down = Date.now();
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push(await openCaseDirect(ds, world, inSeconds(3), inSeconds(6)));
      // the relay has tried, failed and kept the rows (20 cases × respond + resolve)
      await a.waitFor(/outbox relay: .*rows wait in the outbox/, 60_000);
      expect(await undelivered(ids)).toBe(40);

      // SIGTERM while Redis is down: the process ends within 10 s
      const stopped = await terminate(b);
      expect(stopped.how).not.toBe('still running');
      expect(stopped.ms).toBeLessThan(10_000);
      console.log(`SIGTERM with Redis down: the worker ended in ${stopped.ms} ms (${stopped.how})`);

      // the outage lasts 30 s (past the relay's 10 s reconnect point, where it used to stop for good)
      await a.waitFor(/opening a new Redis connection/, 60_000);
      while (Date.now() - down < 30_000) {
        expect(await undelivered(ids)).toBe(40); // nothing can go anywhere meanwhile, and nothing is lost
        await new Promise((res) => setTimeout(res, 1000));
      }
      await startRedis(r.port);
      const back = Date.now();
      await eventually('the backlog delivered', async () => (await undelivered(ids)) === 0, 60_000);
      const deliveredAfterMs = Date.now() - back;
      await eventually(
        'every case escalated and every notification sent',
        async () => {
          const events = await eventsOf(ids);
          const notes = await notificationsOf(ids);
          return (
            ids.every((id) => events.get(id)?.includes('escalate')) &&
            notes.length === 40 &&
            notes.every((n) => n.sent === 1)
          );
        },
        60_000,
      );
      const escalatedAfterMs = Date.now() - back;
      await eventually('queues idle', async () => quiet(r.port) && (await undelivered(ids)) === 0, 60_000);

      // exactly once: the timeline, one escalation, one notification per person and kind, each sent once
      const events = await eventsOf(ids);
      for (const id of ids) expect(events.get(id)).toEqual(['open', 'overdue', 'escalate']);
      const notes = await notificationsOf(ids);
      for (const id of ids) {
        expect(
          notes
            .filter((n) => n.case_id === id)
            .map(
              (n) =>
                `${n.user_id === officer.id ? 'officer' : n.user_id === world.userId ? 'coordinator' : n.user_id}:${n.kind}:${n.n}:${n.sent}`,
            )
            .sort(),
        ).toEqual(['coordinator:deadline_missed:1:1', 'officer:escalated_to_unit:1:1']);
      }
      const [{ cases }] = await ds.query(`SELECT count(*)::int AS cases FROM cases WHERE town_id = $1`, [
        world.townId,
      ]);
      expect(cases).toBe(20);
      // the outbound channel (a log line each) was used once per notification, across both processes
      const lines =
        (a.output() + b.output()).match(
          new RegExp(`notify (u${world.townCode.slice(1)}|officer_${world.townCode}) `, 'g'),
        ) ?? [];
      expect(lines.length).toBe(40);
      expect(deliveredAfterMs).toBeLessThan(15_000);
      console.log(
        `Redis back after a 30 s outage: backlog delivered in ${deliveredAfterMs} ms, all escalated and notified in ${escalatedAfterMs} ms`,
      );
    },
    300_000,
  );

  it("FLUSHALL: the daily report schedule (and yesterday's catch-up) is back within one sweep interval", async () => {
    const r = await redis();
    const interval = 3000;
    const w = worker({ REDIS_URL: r.url, SWEEP_INTERVAL_MS: String(interval) });
    await w.waitFor(/worker running/);
    const scheduled = () => {
      const schedulers = redisCli(r.port, 'zrange', `${prefix}:reports:repeat`, '0', '-1');
      const delayed = redisCli(r.port, 'zrange', `${prefix}:reports:delayed`, '0', '-1');
      return schedulers.includes('daily-report') && /repeat:daily-report:\d+/.test(delayed);
    };
    await eventually('the schedule declared at start', async () => scheduled(), 60_000);
    for (let round = 1; round <= 2; round++) {
      expect(redisCli(r.port, 'flushall').trim()).toBe('OK');
      const flushed = Date.now();
      expect(scheduled()).toBe(false);
      await eventually('the schedule back', async () => scheduled(), 4 * interval, 50);
      const ms = Date.now() - flushed;
      // the next sweep starts at most one interval after the flush; on a busy machine it may itself take a while
      // to run (its PostgreSQL reads and Redis writes), so the bound is two intervals, not one plus a second
      expect(ms).toBeLessThan(2 * interval);
      const catchUp = redisCli(r.port, '--scan', '--pattern', `${prefix}:reports:daily-report_*`);
      expect(catchUp).toMatch(/daily-report_\d{4}-\d{2}-\d{2}/);
    }
    // cheap when nothing is lost: only one scheduler, one next run
    expect(redisCli(r.port, 'zcard', `${prefix}:reports:repeat`).trim()).toBe('1');
    expect(w.output()).toMatch(/daily report schedule declared/);
  }, 120_000);

  it('SIGTERM while a deadline check is held for 60 s: the worker ends within 10 s, the check rolls back and is done once after a restart', async () => {
    const world = await seedMinimalWorld((sql, params) => ds.query(sql, params));
    const r = await redis();
    // a cut-off job is taken up again once its lock has expired: 10 s locks here (30 s by default)
    const lock = { JOB_LOCK_MS: '10000' };
    const a = worker({
      REDIS_URL: r.url,
      SWEEP_INTERVAL_MS: '1000',
      TEST_CHECK_DELAY_MS: '60000',
      ...lock,
    });
    const id = await openCaseDirect(ds, world, inSeconds(0.5), inSeconds(1));
    await a.waitFor(new RegExp(`holding the check of case ${id}`));
    const stopped = await terminate(a);
    expect(stopped.how).not.toBe('still running');
    expect(stopped.ms).toBeLessThan(10_000);
    expect((await eventsOf([id])).get(id)).toEqual(['open']); // cut off inside its transaction: nothing committed
    worker({ REDIS_URL: r.url, SWEEP_INTERVAL_MS: '1000', ...lock });
    await eventually(
      'escalation after restart',
      async () => (await eventsOf([id])).get(id)?.includes('escalate'),
      30_000,
    );
    // the cut-off job comes round again once its lock has expired (BullMQ's stalled check), and finds it done
    await eventually(
      'queues idle',
      async () => quiet(r.port) && (await undelivered([id])) === 0,
      100_000,
      500,
    );
    expect((await eventsOf([id])).get(id)).toEqual(['open', 'overdue', 'escalate']);
    console.log(`SIGTERM with a deadline check held: the worker ended in ${stopped.ms} ms (${stopped.how})`);
  }, 180_000);

  it('SIGTERM while an export is being built: the worker ends within 10 s, and the export is done after a restart', async () => {
    const world = await seedMinimalWorld((sql, params) => ds.query(sql, params));
    await generateCases(ds, world, 60_000);
    const r = await redis();
    const exportId = await requestTownExport(ds, world);
    // a cut-off export is taken up again once its lock has expired: 10 s locks here (30 s by default)
    const lock = { JOB_LOCK_MS: '10000' };
    const a = worker({ REDIS_URL: r.url, ...lock });
    await eventually(
      'the export running',
      async () =>
        (
          await ds.query(`SELECT 1 FROM exports WHERE id = $1 AND status = 'running' AND done_rows > 0`, [
            exportId,
          ])
        ).length > 0,
      60_000,
      20,
    );
    const stopped = await terminate(a);
    expect(stopped.how).not.toBe('still running');
    expect(stopped.ms).toBeLessThan(10_000);
    const [mid] = await ds.query(`SELECT status, done_rows FROM exports WHERE id = $1`, [exportId]);
    console.log(
      `SIGTERM during an export (${mid.status}, ${mid.done_rows} of 60000 rows): the worker ended in ${stopped.ms} ms (${stopped.how})`,
    );
    expect(['running', 'queued', 'done']).toContain(mid.status); // never failed for a shutdown
    // a restarted worker takes the export up again (at once if it was put back, or once its lock expires)
    worker({ REDIS_URL: r.url, ...lock });
    await eventually(
      'the export done',
      async () =>
        (
          await ds.query(`SELECT status, total FROM exports WHERE id = $1 AND status = 'done'`, [exportId])
        )[0],
      120_000,
    ).then((row) => expect(row.total).toBe(60_000));
  }, 240_000);
  it(
    'PostgreSQL down for 25 s while deadlines fall due: the jobs wait without spending attempts and each case is ' +
      'escalated once when it is back; SIGTERM with PostgreSQL down ends the worker within 10 s',
    async () => {
      const pg = await startPrivatePostgres();
      try {
        const url = pg.url('taizhang_test_pg_outage');
        const r = await redis();
        // no sweep: the postponed jobs alone must do it
        const w = worker({ REDIS_URL: r.url, DATABASE_URL: url, SWEEP_INTERVAL_MS: '3600000' });
        await w.waitFor(/worker running/, 60_000); // it creates the database and runs the migrations
        let own = await openDatabase(url, { migrate: false });
        const world = await seedMinimalWorld((sql, params) => own.query(sql, params));
        const ids: string[] = [];
        for (let i = 0; i < 10; i++) ids.push(await openCaseDirect(own, world, inSeconds(3), inSeconds(5)));
        const pending = async (d: DataSource) =>
          (await d.query(`SELECT count(*)::int AS n FROM outbox WHERE delivered_at IS NULL`))[0].n as number;
        await eventually('the jobs in Redis', async () => (await pending(own)) === 0, 60_000);
        await own.destroy();

        pg.stop();
        const down = Date.now();
        const failed = () =>
          ['deadlines', 'notifications'].map((q) =>
            redisCli(r.port, 'zcard', `${prefix}:${q}:failed`).trim(),
          );
        // past every deadline and past the five attempts' back-off (~15 s): no job has failed for good
        while (Date.now() - down < 25_000) {
          expect(failed()).toEqual(['0', '0']);
          await new Promise((res) => setTimeout(res, 1000));
        }
        pg.start();
        own = await openDatabase(url, { migrate: false });
        try {
          await eventually(
            'every case escalated',
            async () => {
              const rows: { n: number }[] = await own.query(
                `SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) AND type = 'escalate'`,
                [ids],
              );
              return rows[0]?.n === 10;
            },
            60_000,
          );
          await eventually(
            'queues idle, notifications sent',
            async () =>
              quiet(r.port) &&
              (await pending(own)) === 0 &&
              (await own.query(`SELECT count(*)::int AS n FROM notifications WHERE sent_at IS NULL`))[0].n ===
                0,
            30_000,
          );
          const rows: { case_id: string; types: string[] }[] = await own.query(
            `SELECT case_id, array_agg(type ORDER BY seq) AS types FROM case_events WHERE case_id = ANY($1::uuid[]) GROUP BY 1`,
            [ids],
          );
          for (const row of rows) expect(row.types).toEqual(['open', 'overdue', 'escalate']);
          expect(rows).toHaveLength(10);
          expect(failed()).toEqual(['0', '0']);
        } finally {
          await own.destroy();
        }

        // SIGTERM while PostgreSQL is down
        pg.stop();
        const stopped = await terminate(w);
        expect(stopped.how).not.toBe('still running');
        expect(stopped.ms).toBeLessThan(10_000);
        console.log(`SIGTERM with PostgreSQL down: the worker ended in ${stopped.ms} ms (${stopped.how})`);
      } finally {
        pg.destroy();
      }
    },
    300_000,
  );
});
