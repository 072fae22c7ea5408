import { INestApplicationContext } from '@nestjs/common';
import { freezeDailyReports, loadPolicy } from '@taizhang/db';
import { addLocalDays, computeDeadlines, shanghaiDate, weekdayOf } from '@taizhang/domain';
import { eventually, seedMinimalWorld } from '@taizhang/testing';
import { DataSource } from 'typeorm';
import { NotificationChannel, OutboundNotification } from '../../src/notifications/notification-channel';
import { NotificationService } from '../../src/notifications/notification.service';
import { DailyReportService } from '../../src/reports/daily-report.service';
import { eventTypes, openCaseDirect, startWorker } from './harness';

/** Records what the outbound channel was asked to send. */
class RecordingChannel implements NotificationChannel {
  readonly name = 'recording';
  readonly sent: OutboundNotification[] = [];
  async send(n: OutboundNotification): Promise<void> {
    this.sent.push(n);
  }
}

describe('worker: missed deadlines → timeline, notifications, daily report', () => {
  let app: INestApplicationContext;
  let ds: DataSource;
  let world: Awaited<ReturnType<typeof seedMinimalWorld>>;
  const channel = new RecordingChannel();
  /** users of this world by name */
  const users: Record<string, string> = {};

  beforeAll(async () => {
    app = await startWorker({ notificationChannel: channel });
    ds = app.get(DataSource);
    world = await seedMinimalWorld((sql, params) => ds.query(sql, params));
    users['coordinator'] = world.userId;
    const user = async (key: string, role: string, unitId: string) => {
      const [r] = await ds.query(
        `INSERT INTO users (username, display_name, role, unit_id, password_hash) VALUES ($1, $1, $2, $3, 'x') RETURNING id`,
        [`${key}_${world.townCode}`, role, unitId],
      );
      users[key] = r.id;
    };
    await user('coordinator2', 'coordinator', world.townId);
    await user('townManager', 'manager', world.townId);
    await user('countyManager', 'manager', world.countyId);
    await user('cityManager', 'manager', world.cityId);
    await user('officer', 'bureau_officer', world.bureauId);
    await user('cityOfficer', 'bureau_officer', world.cityBureauId);
    // reachable by text message and e-mail, were a gateway or an SMTP server configured (none is here)
    await ds.query(`UPDATE users SET phone = '13800000009', email = 'lead@example.com' WHERE id = $1`, [
      users['townManager'],
    ]);
  });
  afterAll(() => app.close());

  const seconds = (s: number) => new Date(Date.now() + s * 1000);
  const keyOf = (id: string) => Object.keys(users).find((k) => users[k] === id) ?? id;
  async function told(caseId: string): Promise<string[]> {
    const rows: { user_id: string; kind: string }[] = await ds.query(
      `SELECT user_id, kind FROM notifications WHERE case_id = $1`,
      [caseId],
    );
    return rows.map((r) => `${keyOf(r.user_id)}:${r.kind}`).sort();
  }

  let missed: string; // respond-by missed, still at the town
  let escalated: string; // resolve-by missed at the town: escalated automatically

  it('records a missed respond-by in the timeline and tells the town, its leader and the county manager', async () => {
    missed = await openCaseDirect(ds, world, seconds(0.5), seconds(3600));
    await eventually('overdue event', async () => (await eventTypes(ds, missed)).includes('overdue'), 60_000);
    expect(await eventTypes(ds, missed)).toEqual(['open', 'overdue']);
    expect(await told(missed)).toEqual(
      [
        'coordinator:deadline_missed',
        'coordinator2:deadline_missed',
        'countyManager:deadline_missed',
        'townManager:deadline_missed',
      ].sort(),
    );
    const [n] = await ds.query(`SELECT title FROM notifications WHERE case_id = $1 LIMIT 1`, [missed]);
    expect(n.title).toMatch(/已超过首次响应时限/);
  });

  it('sends every notification through the outbound channel once (notification.send jobs)', async () => {
    const ids: { id: string }[] = await ds.query(`SELECT id FROM notifications WHERE case_id = $1`, [missed]);
    const unsent = async () =>
      (
        await ds.query(
          `SELECT count(*)::int AS unsent FROM notifications WHERE case_id = $1 AND sent_at IS NULL`,
          [missed],
        )
      )[0].unsent;
    // the channel is called inside the sending transaction: the record of the send commits just after it
    await eventually(
      'all sent and recorded',
      async () => ids.every((r) => channel.sent.some((s) => s.id === r.id)) && (await unsent()) === 0,
      15_000,
    );
    expect(channel.sent.filter((s) => ids.some((r) => r.id === s.id))).toHaveLength(ids.length); // once each
    const first = channel.sent.find((s) => s.id === ids[0]?.id) as OutboundNotification;
    expect(first).toMatchObject({
      caseId: missed,
      kind: 'deadline_missed',
      ledgerNo: expect.stringContaining(world.townCode),
    });
    // a re-delivered job finds it sent and does nothing
    const before = channel.sent.length;
    expect(await app.get(NotificationService).send({ notificationId: first.id })).toEqual({
      result: 'skipped',
      why: 'already sent',
    });
    expect(channel.sent.length).toBe(before);
    // no SMS gateway, no SMTP server, no group robot configured: in-app only, not one delivery
    expect(channel.sent.some((s) => s.userId === users['townManager'])).toBe(true);
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM notification_deliveries WHERE notification_id = ANY($1::uuid[])`,
      [ids.map((r) => r.id)],
    );
    expect(n).toBe(0);
  });

  it("escalates a town case past its resolve-by and tells the bureau's officers and the county manager", async () => {
    escalated = await openCaseDirect(ds, world, seconds(0.5), seconds(1.5));
    await eventually(
      'escalation',
      async () => (await eventTypes(ds, escalated)).includes('escalate'),
      15_000,
    );
    expect(await eventTypes(ds, escalated)).toEqual(['open', 'overdue', 'escalate']);
    const notes = await told(escalated);
    expect(notes).toEqual(
      [
        'coordinator:deadline_missed',
        'coordinator2:deadline_missed',
        'countyManager:deadline_missed',
        'townManager:deadline_missed',
        'countyManager:escalated_to_unit',
        'officer:escalated_to_unit',
      ].sort(),
    );
    const [n] = await ds.query(
      `SELECT title FROM notifications WHERE case_id = $1 AND kind = 'escalated_to_unit' LIMIT 1`,
      [escalated],
    );
    expect(n.title).toMatch(/已自动上报/);
  });

  it('counts the missed deadline in the daily report, which never moves once frozen', async () => {
    const today = shanghaiDate(new Date());
    // cut-off now: the escalated case has fresh bureau deadlines, the other one is marked overdue
    expect(await freezeDailyReports(ds, today, { cutoff: new Date() })).toBeGreaterThanOrEqual(3);
    const figures = async (unitId: string) =>
      (
        await ds.query(
          `SELECT opened, solved, pending, overdue FROM daily_reports WHERE unit_id = $1 AND report_date = $2`,
          [unitId, today],
        )
      )[0];
    const expected = { opened: 2, solved: 0, pending: 2, overdue: 1 };
    expect(await figures(world.townId)).toEqual(expected);
    expect(await figures(world.countyId)).toEqual(expected);
    expect(await figures(world.cityId)).toEqual(expected);

    // afterwards the case is resolved and another opened: the frozen figures stay
    await ds.query(
      `UPDATE cases SET status = 'resolved', resolved_at = now(), updated_at = now() WHERE id = $1`,
      [missed],
    );
    await openCaseDirect(ds, world, seconds(3600), seconds(7200), { outbox: false });
    expect(await app.get(DailyReportService).freeze({ reportDate: today })).toEqual({
      result: 'skipped',
      why: `${today} is already frozen`,
    });
    expect(await figures(world.townId)).toEqual(expected);
  });

  it('freezes yesterday when the scheduled job runs without a date', async () => {
    const yesterday = addLocalDays(shanghaiDate(new Date()), -1);
    await ds.query(`DELETE FROM daily_reports WHERE report_date = $1`, [yesterday]);
    const out = await app.get(DailyReportService).freeze({});
    expect(out).toMatchObject({ result: 'done', reportDate: yesterday });
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM daily_reports WHERE report_date = $1 AND unit_id = $2`,
      [yesterday, world.townId],
    );
    expect(n).toBe(1);
  });

  it('a holiday moves the resolve-by of an automatic escalation to the bureau (working time)', async () => {
    const today = shanghaiDate(new Date());
    const taken: { day: string }[] = await ds.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day FROM work_calendar_days`,
    );
    const next: string[] = [];
    for (let d = 1; next.length < 2; d++) {
      const day = addLocalDays(today, d);
      if (weekdayOf(day) >= 1 && weekdayOf(day) <= 5 && !taken.some((t) => t.day === day)) next.push(day);
    }
    await ds.query(
      `INSERT INTO work_calendar_days (day, kind, name) SELECT d, 'holiday', '测试假日' FROM unnest($1::date[]) AS d`,
      [next],
    );
    try {
      const id = await openCaseDirect(ds, world, seconds(0.3), seconds(0.6));
      await eventually('escalation', async () => (await eventTypes(ds, id)).includes('escalate'), 60_000);
      const [ev] = await ds.query(`SELECT at FROM case_events WHERE case_id = $1 AND type = 'escalate'`, [
        id,
      ]);
      const [c] = await ds.query(`SELECT resolve_by FROM cases WHERE id = $1`, [id]);
      const policy = await loadPolicy(ds.manager, 1, 'normal');
      const days: { day: string; kind: string }[] = await ds.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM work_calendar_days`,
      );
      const calendar = {
        holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
        makeupWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
      };
      const at = new Date(ev.at);
      expect(new Date(c.resolve_by).toISOString()).toBe(
        computeDeadlines(at, policy, calendar).resolveBy.toISOString(),
      );
      const without = computeDeadlines(at, policy, {
        ...calendar,
        holidays: calendar.holidays.filter((d) => !next.includes(d)),
      });
      expect(new Date(c.resolve_by).getTime() - without.resolveBy.getTime()).toBeGreaterThanOrEqual(
        2 * 24 * 3600_000,
      );
    } finally {
      await ds.query(`DELETE FROM work_calendar_days WHERE day = ANY($1::date[])`, [next]);
    }
  });
});
