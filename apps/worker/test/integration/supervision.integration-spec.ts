import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { CaseTransition, applyTransitions, rowToSnapshot } from '@taizhang/db';
import { Actor, CaseCommand, NO_RELATION, decide, extensionDeadlines } from '@taizhang/domain';
import { QUEUES, deadlineJobId } from '@taizhang/queue';
import { eventually, seedMinimalWorld } from '@taizhang/testing';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { DeadlineService } from '../../src/deadlines/deadline.service';
import { eventTypes, openCaseDirect, startWorker } from './harness';

/** Issue 14 in the worker: no ping-pong after a return, and an approved extension's deadline job. */
describe('worker: returned cases and extensions', () => {
  let app: INestApplicationContext;
  let ds: DataSource;
  let world: Awaited<ReturnType<typeof seedMinimalWorld>>;
  let admin: Actor;

  beforeAll(async () => {
    app = await startWorker();
    ds = app.get(DataSource);
    world = await seedMinimalWorld((sql, params) => ds.query(sql, params));
    admin = { id: world.userId, role: 'admin', relation: NO_RELATION };
  });
  afterAll(() => app.close());

  const seconds = (s: number) => new Date(Date.now() + s * 1000);

  /** One action decided by the domain and written through the one write path, with the deadlines given. */
  async function write(
    id: string,
    command: CaseCommand,
    deadlines?: { respondBy: Date | null; resolveBy: Date | null },
  ): Promise<void> {
    await ds.transaction(async (m) => {
      const [row] = await m.query(`SELECT * FROM cases WHERE id = $1 FOR UPDATE`, [id]);
      const now = new Date();
      const d = decide(rowToSnapshot(row), admin, command, now);
      if (!d.ok) throw new Error(d.message);
      const current = { respondBy: row.respond_by as Date | null, resolveBy: row.resolve_by as Date | null };
      const ext = extensionDeadlines(d.event, current);
      const t: CaseTransition = {
        row,
        events: [d.event],
        next: d.next,
        actorId: admin.id,
        at: now,
        deadlines: ext?.deadlines ?? deadlines ?? current,
        scheduled: ext?.scheduled ?? null,
      };
      await applyTransitions(m, [t]);
    });
  }

  it('marks a returned town case past its resolve-by overdue and tells the town, but does not escalate it back', async () => {
    const id = await openCaseDirect(ds, world, seconds(3600), seconds(7200), { outbox: false });
    await write(id, {
      action: 'escalate',
      reason: '镇级无法协调',
      target: { unitId: world.bureauId, level: 1 },
    });
    const past = seconds(-1);
    await write(id, { action: 'return', reason: '不属人社职责' }, { respondBy: past, resolveBy: past });
    const [before] = await ds.query(`SELECT returned_from_unit_id, level FROM cases WHERE id = $1`, [id]);
    expect(before).toEqual({ returned_from_unit_id: world.bureauId, level: 0 });

    const out = await app
      .get(DeadlineService)
      .check({ caseId: id, deadline: 'resolve', dueAt: past.toISOString() });
    expect(out).toEqual({ result: 'done', events: ['overdue'] });
    expect(await eventTypes(ds, id)).toEqual(['open', 'escalate', 'return', 'overdue']);
    const [c] = await ds.query(
      `SELECT status, level, unit_id, overdue, missed_deadline FROM cases WHERE id = $1`,
      [id],
    );
    expect(c).toEqual({
      status: 'open',
      level: 0,
      unit_id: world.townId,
      overdue: true,
      missed_deadline: 'resolve',
    });
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM notifications WHERE case_id = $1 AND user_id = $2`,
      [id, world.userId],
    );
    expect(n).toBeGreaterThan(0);

    // neither a re-run nor the safety-net sweep escalates it
    expect(
      await app.get(DeadlineService).check({ caseId: id, deadline: 'resolve', dueAt: past.toISOString() }),
    ).toEqual({
      result: 'skipped',
      why: 'already handled',
    });
    await app.get(DeadlineService).sweep(new Date());
    expect(await eventTypes(ds, id)).toEqual(['open', 'escalate', 'return', 'overdue']);

    // the coordinator decides: escalating by hand clears the mark, and it goes up
    await write(id, {
      action: 'escalate',
      reason: '确需县局协调',
      target: { unitId: world.bureauId, level: 1 },
    });
    const [after] = await ds.query(`SELECT level, returned_from_unit_id FROM cases WHERE id = $1`, [id]);
    expect(after).toEqual({ level: 1, returned_from_unit_id: null });
  });

  it('still escalates a town case that was never returned (the rule is unchanged)', async () => {
    const id = await openCaseDirect(ds, world, seconds(3600), seconds(-1), { outbox: false });
    const [row] = await ds.query(`SELECT resolve_by FROM cases WHERE id = $1`, [id]);
    const out = await app
      .get(DeadlineService)
      .check({ caseId: id, deadline: 'resolve', dueAt: new Date(row.resolve_by).toISOString() });
    expect(out).toEqual({ result: 'done', events: ['overdue', 'escalate'] });
  });

  it('an approved extension queues the new resolve-by check; the old check finds the deadline moved', async () => {
    const oldDue = seconds(2);
    const id = await openCaseDirect(ds, world, seconds(3600), oldDue);
    const newDue = new Date(Date.now() + 3 * 86_400_000);
    await write(id, {
      action: 'request_extension',
      reason: '需协调',
      until: newDue,
      resolveBy: oldDue,
      latest: null,
    });
    await write(id, { action: 'approve_extension' });
    const [c] = await ds.query(`SELECT resolve_by, extended_levels FROM cases WHERE id = $1`, [id]);
    expect(new Date(c.resolve_by).toISOString()).toBe(newDue.toISOString());
    expect(c.extended_levels).toEqual([0]);

    const queue = app.get<Queue>(getQueueToken(QUEUES.deadlines));
    const oldJob = deadlineJobId({ caseId: id, deadline: 'resolve', dueAt: oldDue.toISOString() });
    const newJob = deadlineJobId({ caseId: id, deadline: 'resolve', dueAt: newDue.toISOString() });
    await eventually('the new check queued', async () => !!(await queue.getJob(newJob)), 60_000);
    expect(await (await queue.getJob(newJob))?.getState()).toBe('delayed');
    // the old alarm goes off and does nothing
    await eventually(
      'the old check ran',
      async () => (await (await queue.getJob(oldJob))?.getState()) === 'completed',
      15_000,
    );
    expect((await queue.getJob(oldJob))?.returnvalue).toEqual({
      result: 'skipped',
      why: 'the deadline has moved',
    });
    expect(await eventTypes(ds, id)).toEqual(['open', 'request_extension', 'approve_extension']);
  });
});
