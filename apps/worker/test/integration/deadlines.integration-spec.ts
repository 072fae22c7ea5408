import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { QUEUES, deadlineJobId } from '@taizhang/queue';
import { eventually, seedMinimalWorld } from '@taizhang/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { DeadlineService } from '../../src/deadlines/deadline.service';
import { SweepService } from '../../src/deadlines/sweep.service';
import { OutboxRelayService } from '../../src/relay/outbox-relay.service';
import { eventTypes, openCaseDirect, startWorker } from './harness';

describe('worker: outbox → BullMQ → deadline checks', () => {
  let app: INestApplicationContext;
  let ds: DataSource;
  let world: Awaited<ReturnType<typeof seedMinimalWorld>>;

  beforeAll(async () => {
    app = await startWorker();
    ds = app.get(DataSource);
    world = await seedMinimalWorld((sql, params) => ds.query(sql, params));
  });
  afterAll(() => app.close());

  const seconds = (s: number) => new Date(Date.now() + s * 1000);

  it('relays the outbox into a delayed job that marks a missed respond-by overdue, once', async () => {
    const id = await openCaseDirect(ds, world, seconds(1), seconds(3600));
    const [row] = await ds.query(`SELECT respond_by FROM cases WHERE id = $1`, [id]);
    const jobId = deadlineJobId({
      caseId: id,
      deadline: 'respond',
      dueAt: new Date(row.respond_by).toISOString(),
    });
    const queue = app.get<Queue>(getQueueToken(QUEUES.deadlines));
    // the relay delivers the row as a delayed job with the deterministic id
    await eventually('outbox rows delivered', async () => {
      const [o] = await ds.query(
        `SELECT count(*)::int AS n FROM outbox WHERE payload->>'caseId' = $1 AND delivered_at IS NULL`,
        [id],
      );
      return o.n === 0;
    });
    expect(await queue.getJob(jobId)).toBeTruthy();
    // the job fires when due and appends exactly one overdue event
    await eventually('overdue event', async () => (await eventTypes(ds, id)).includes('overdue'), 60_000);
    const [c] = await ds.query(`SELECT overdue, status, version FROM cases WHERE id = $1`, [id]);
    expect(c).toMatchObject({ overdue: true, status: 'open', version: 2 });
    // running the same check again changes nothing
    const again = await app
      .get(DeadlineService)
      .check({ caseId: id, deadline: 'respond', dueAt: new Date(row.respond_by).toISOString() });
    expect(again).toEqual({ result: 'skipped', why: 'already handled' });
    expect(await eventTypes(ds, id)).toEqual(['open', 'overdue']);
  });

  it('escalates a town case past its resolve-by to the county bureau exactly once', async () => {
    const id = await openCaseDirect(ds, world, seconds(0.5), seconds(1.5));
    await eventually('escalation', async () => (await eventTypes(ds, id)).includes('escalate'), 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // let any duplicate have its chance
    expect(await eventTypes(ds, id)).toEqual(['open', 'overdue', 'escalate']);
    const [c] = await ds.query(
      `SELECT status, level, unit_id, overdue, resolve_by FROM cases WHERE id = $1`,
      [id],
    );
    expect(c).toMatchObject({ status: 'escalated', level: 1, unit_id: world.bureauId, overdue: false });
    expect(new Date(c.resolve_by).getTime()).toBeGreaterThan(Date.now());
    const hops = await ds.query(
      `SELECT unit_id, left_at FROM case_hops WHERE case_id = $1 ORDER BY arrived_at`,
      [id],
    );
    expect(hops.map((h: { unit_id: string }) => h.unit_id)).toEqual([world.townId, world.bureauId]);
    expect(hops[0].left_at).not.toBeNull();
    const [ev] = await ds.query(
      `SELECT actor_id, reason FROM case_events WHERE case_id = $1 AND type = 'escalate'`,
      [id],
    );
    expect(ev.actor_id).toBeNull();
    expect(ev.reason).toMatch(/自动上报/);
  });

  it('skips a job whose deadline has moved', async () => {
    const id = await openCaseDirect(ds, world, seconds(3600), seconds(7200), { outbox: false });
    const out = await app
      .get(DeadlineService)
      .check({ caseId: id, deadline: 'respond', dueAt: new Date(Date.now() - 1000).toISOString() });
    expect(out).toEqual({ result: 'skipped', why: 'the deadline has moved' });
    expect(await eventTypes(ds, id)).toEqual(['open']);
  });

  it('delivers a row twice without making a second job (deterministic job ids)', async () => {
    const id = await openCaseDirect(ds, world, seconds(3600), seconds(7200));
    const relay = app.get(OutboxRelayService);
    await eventually('delivered', async () => {
      const [o] = await ds.query(
        `SELECT count(*)::int AS n FROM outbox WHERE payload->>'caseId' = $1 AND delivered_at IS NULL`,
        [id],
      );
      return o.n === 0;
    });
    await ds.query(`UPDATE outbox SET delivered_at = NULL WHERE payload->>'caseId' = $1`, [id]);
    await relay.relayOnce();
    const queue = app.get<Queue>(getQueueToken(QUEUES.deadlines));
    const delayed = await queue.getDelayed();
    expect(delayed.filter((j) => (j.data as { caseId: string }).caseId === id)).toHaveLength(2); // respond + resolve, not 4
  });

  it('a relay connection closed for good is replaced: the outbox is delivered anyway', async () => {
    const relay = app.get(OutboxRelayService);
    type Link = { redis: Redis } | null;
    const link = () => (relay as unknown as { link: Link }).link;
    await eventually('the relay connected', async () => link()?.redis.status === 'ready', 60_000);
    const broken = link()?.redis as Redis;
    broken.disconnect(); // a manual disconnect never reconnects by itself
    const id = await openCaseDirect(ds, world, seconds(3600), seconds(7200));
    const pending = async () =>
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM outbox WHERE payload->>'caseId' = $1 AND delivered_at IS NULL`,
          [id],
        )
      )[0].n;
    await eventually('delivered on a new connection', async () => (await pending()) === 0, 60_000);
    expect(link()?.redis).not.toBe(broken);
    const delayed = await app.get<Queue>(getQueueToken(QUEUES.deadlines)).getDelayed();
    expect(delayed.filter((j) => (j.data as { caseId: string }).caseId === id)).toHaveLength(2);
  }, 120_000);

  it('the safety net finds deadlines whose job never ran (database is the truth)', async () => {
    const id = await openCaseDirect(ds, world, new Date(Date.now() - 60_000), new Date(Date.now() - 30_000), {
      outbox: false,
    });
    const handled = await app.get(SweepService).sweepOnce();
    expect(handled).toBeGreaterThanOrEqual(1);
    expect(await eventTypes(ds, id)).toEqual(['open', 'overdue', 'escalate']);
    expect(await app.get(SweepService).sweepOnce()).toBe(0);
  });
});
