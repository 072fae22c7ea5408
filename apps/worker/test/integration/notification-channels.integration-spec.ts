import { INestApplicationContext } from '@nestjs/common';
import { CasesRow, loadCalendar, notifyMany, retryFailedDelivery, saveChannelChoices } from '@taizhang/db';
import { addWorkingMinutes } from '@taizhang/domain';
import { eventually, seedMinimalWorld } from '@taizhang/testing';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { SMS_HEADERS, smsCanonical, smsSignature } from '../../src/notifications/channels';
import { DeadlineNearService } from '../../src/deadlines/deadline-near.service';
import { openCaseDirect, startWorker } from './harness';

/** One request a local server got. */
interface Recorded {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  status: number;
}

/**
 * A local HTTP server playing the SMS gateway and the group robots: records every request, and answers
 * with the status the test sets per path (a gateway that is down answers 503).
 */
class RecordingHttp {
  readonly requests: Recorded[] = [];
  /** path → statuses to answer, in turn (then 200). */
  readonly script = new Map<string, number[]>();
  private server!: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const queue = this.script.get(url.pathname) ?? [];
        const status = queue.length ? (queue.shift() as number) : 200;
        this.requests.push({
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: raw ? JSON.parse(raw) : {},
          status,
        });
        res.writeHead(status, { 'content-type': 'application/json' });
        if (status !== 200) return res.end(JSON.stringify({ message: 'down' }));
        if (url.pathname === '/sms')
          return res.end(JSON.stringify({ Code: 'OK', Message: 'OK', RequestId: 'r', BizId: 'b' }));
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** A local SMTP server (smtp-server) keeping every message. */
class RecordingSmtp {
  readonly messages: { to: string[]; raw: string }[] = [];
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData: (stream, session, done) => {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
        stream.on('end', () => {
          this.messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          done();
        });
      },
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

describe('worker: notifications through SMS, e-mail and group robots (local servers)', () => {
  const http = new RecordingHttp();
  const smtp = new RecordingSmtp();
  let app: INestApplicationContext;
  let ds: DataSource;
  let world: Awaited<ReturnType<typeof seedMinimalWorld>>;
  let instructor: string;
  let caseRow: CasesRow;
  const SECRET = 'sms-secret-for-tests';

  beforeAll(async () => {
    await http.start();
    await smtp.start();
    app = await startWorker(
      {},
      {
        SMS_GATEWAY_URL: http.url('/sms'),
        SMS_ACCESS_KEY_ID: 'test-key',
        SMS_ACCESS_KEY_SECRET: SECRET,
        SMS_SIGN_NAME: '台账',
        SMS_TEMPLATE_CODE: 'SMS_0001',
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        SMTP_FROM: 'taizhang@example.com',
      },
    );
    ds = app.get(DataSource);
    world = await seedMinimalWorld((sql, params) => ds.query(sql, params));
    const [u] = await ds.query(
      `INSERT INTO users (username, display_name, role, unit_id, password_hash, phone, email)
       VALUES ($1, '王指导员', 'instructor', $2, 'x', '13800000001', 'wang@example.com') RETURNING id`,
      [`instr_${world.townCode}`, world.townId],
    );
    instructor = u.id;
    await ds.query(`INSERT INTO enterprise_instructors (enterprise_id, user_id) VALUES ($1, $2)`, [
      world.enterpriseId,
      instructor,
    ]);
    await ds.query(`UPDATE units SET webhook_kind = 'wecom', webhook_url = $2 WHERE id = $1`, [
      world.townId,
      http.url('/wecom'),
    ]);
    const id = await openCaseDirect(
      ds,
      world,
      new Date(Date.now() + 3600_000),
      new Date(Date.now() + 30 * 86400_000),
      { outbox: false },
    );
    [caseRow] = await ds.query(`SELECT * FROM cases WHERE id = $1`, [id]);
  });
  afterAll(async () => {
    await app?.close();
    await http.stop();
    await smtp.stop();
  });

  /** A `resolved` notification for the case, as applyTransitions writes one; answers its id. */
  async function resolvedNotification(): Promise<string> {
    const told = await ds.transaction((m) =>
      notifyMany(m, 'resolved', [{ c: caseRow }], world.userId, new Date()),
    );
    const mine = told.filter((t) => t.userId === instructor);
    expect(mine).toHaveLength(1);
    const [n] = await ds.query(
      `SELECT id FROM notifications WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [instructor],
    );
    return n.id;
  }
  const deliveries = (notificationId: string) =>
    ds.query<{ id: string; channel: string; status: string; attempts: number }[]>(
      `SELECT id, channel, status, attempts FROM notification_deliveries WHERE notification_id = $1 ORDER BY channel`,
      [notificationId],
    );
  const attempts = (deliveryId: string) =>
    ds.query<{ attempt: number; ok: boolean; error: string | null }[]>(
      `SELECT attempt, ok, error FROM delivery_attempts WHERE delivery_id = $1 ORDER BY attempt`,
      [deliveryId],
    );
  const allSent = (id: string, n: number) => async () => {
    const d = await deliveries(id);
    return d.length === n && d.every((x) => x.status === 'sent') && d;
  };

  it("brings a resolved case to the instructor by SMS (signed), e-mail and the town's WeCom robot", async () => {
    const id = await resolvedNotification();
    const d = await eventually('three deliveries sent', allSent(id, 3), 60_000);
    expect(d.map((x) => x.channel)).toEqual(['email', 'sms', 'webhook']);

    const sms = http.requests.filter((r) => r.path === '/sms' && (r.body['OutId'] as string) === d[1]?.id);
    expect(sms).toHaveLength(1);
    const req = sms[0];
    expect(req.body).toMatchObject({
      PhoneNumbers: '13800000001',
      SignName: '台账',
      TemplateCode: 'SMS_0001',
    });
    const params = JSON.parse(req.body['TemplateParam'] as string);
    expect(params.content).toContain('已办结，请确认销号');
    expect(params.ledgerNo).toBe(caseRow.ledger_no);
    // the gateway can check the signature with the shared secret
    const h = (k: string) => String(req.headers[k]);
    const canonical = smsCanonical(
      'POST',
      '/sms',
      h(SMS_HEADERS.timestamp),
      h(SMS_HEADERS.nonce),
      JSON.stringify(req.body),
    );
    expect(h(SMS_HEADERS.keyId)).toBe('test-key');
    expect(h(SMS_HEADERS.signature)).toBe(smsSignature(SECRET, canonical));

    const robot = http.requests.filter((r) => r.path === '/wecom');
    expect(robot.at(-1)?.body).toMatchObject({
      msgtype: 'text',
      text: {
        content: expect.stringContaining('已办结，请确认销号'),
        mentioned_mobile_list: ['13800000001'],
      },
    });

    await eventually('the e-mail', async () => smtp.messages.some((m) => m.to.includes('wang@example.com')));
    const mail = smtp.messages.find((m) => m.to.includes('wang@example.com'));
    expect(mail?.raw).toMatch(/Subject: /);
    expect(mail?.raw).toContain('X-Taizhang-Delivery');
    for (const x of d) expect(await attempts(x.id)).toEqual([{ attempt: 1, ok: true, error: null }]);
  });

  it("follows the user's choices: e-mail switched off for resolved cases", async () => {
    await saveChannelChoices(ds, instructor, [{ kind: 'resolved', channel: 'email', enabled: false }]);
    const id = await resolvedNotification();
    const d = await eventually('two deliveries sent', allSent(id, 2), 60_000);
    expect(d.map((x) => x.channel)).toEqual(['sms', 'webhook']);
  });

  it('keeps trying a gateway that is down for a while: delivered once it is back, every attempt recorded, no duplicate', async () => {
    http.script.set('/sms', [503, 503]);
    const id = await resolvedNotification();
    const d = await eventually('delivered after the outage', allSent(id, 2), 60_000);
    const sms = d.find((x) => x.channel === 'sms') as { id: string };
    const tries = await attempts(sms.id);
    expect(tries.map((t) => t.ok)).toEqual([false, false, true]);
    expect(tries[0]?.error).toMatch(/HTTP 503/);
    const accepted = http.requests.filter(
      (r) => r.path === '/sms' && r.body['OutId'] === sms.id && r.status === 200,
    );
    expect(accepted).toHaveLength(1);
  });

  it("marks a delivery failed after the last retry, and an admin's retry delivers it", async () => {
    await ds.query(
      `UPDATE units SET webhook_kind = 'dingtalk', webhook_url = $2, webhook_secret = 'SECdingtalk' WHERE id = $1`,
      [world.townId, http.url('/dingtalk')],
    );
    http.script.set('/dingtalk', [500, 500, 500, 500, 500]);
    const id = await resolvedNotification();
    const failed = await eventually(
      'the robot delivery failed',
      async () => (await deliveries(id)).find((x) => x.channel === 'webhook' && x.status === 'failed'),
      40_000,
    );
    expect(failed.attempts).toBe(5);
    expect((await attempts(failed.id)).every((t) => !t.ok)).toBe(true);
    const req = http.requests.filter((r) => r.path === '/dingtalk').at(-1) as Recorded;
    expect(req.query.get('timestamp')).toMatch(/^\d+$/);
    expect(req.query.get('sign')).toBeTruthy();
    expect(req.body).toMatchObject({ msgtype: 'text', at: { atMobiles: ['13800000001'] } });

    expect(await retryFailedDelivery(ds, failed.id)).toBe(true);
    expect(await retryFailedDelivery(ds, failed.id)).toBe(false); // pending now: nothing to retry
    const sent = await eventually(
      'sent after the retry',
      async () => (await deliveries(id)).find((x) => x.id === failed.id && x.status === 'sent'),
      20_000,
    );
    expect(sent.attempts).toBe(6);
  });

  it('does not retry what no retry can fix (the gateway refuses the request)', async () => {
    await saveChannelChoices(ds, instructor, [{ kind: 'resolved', channel: 'webhook', enabled: false }]);
    http.script.set('/sms', [400]);
    const id = await resolvedNotification();
    const failed = await eventually(
      'failed at once',
      async () => (await deliveries(id)).find((x) => x.channel === 'sms' && x.status === 'failed'),
      20_000,
    );
    expect(failed.attempts).toBe(1);
  });

  it('tells the holder and its leaders once when the resolve-by is near', async () => {
    const [mgr] = await ds.query(
      `INSERT INTO users (username, display_name, role, unit_id, password_hash) VALUES ($1, $1, 'manager', $2, 'x') RETURNING id`,
      [`mgr_${world.townCode}`, world.countyId],
    );
    const near = await openCaseDirect(
      ds,
      world,
      new Date(Date.now() + 30_000),
      new Date(Date.now() + 60_000),
      { outbox: false },
    );
    const far = await openCaseDirect(
      ds,
      world,
      new Date(Date.now() + 3600_000),
      new Date(Date.now() + 60 * 86400_000),
      { outbox: false },
    );
    const service = app.get(DeadlineNearService);
    expect(await service.notifyNear()).toBeGreaterThanOrEqual(1);
    const told = async (caseId: string) =>
      await ds.query<{ user_id: string; title: string }[]>(
        `SELECT user_id, title FROM notifications WHERE case_id = $1 AND kind = 'deadline_near'`,
        [caseId],
      );
    const notes = await told(near);
    expect(notes.map((n) => n.user_id).sort()).toEqual([world.userId, mgr.id].sort());
    expect(notes[0]?.title).toMatch(/即将到达办结时限/);
    expect(await told(far)).toEqual([]);
    // told once per resolve-by
    await service.notifyNear();
    expect(await told(near)).toHaveLength(2);
    // a moved resolve-by that is near again is told again
    await ds.query(`UPDATE cases SET resolve_by = resolve_by + interval '10 seconds' WHERE id = $1`, [near]);
    await service.notifyNear();
    expect(await told(near)).toHaveLength(4);
  });

  it("takes the lead from the case's deadline policy when an admin set one (0: nobody), else the default", async () => {
    const service = app.get(DeadlineNearService);
    const told = async (caseId: string) =>
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM notifications WHERE case_id = $1 AND kind = 'deadline_near'`,
          [caseId],
        )
      )[0].n as number;
    const setLead = (hours: number | null) =>
      ds.query(`UPDATE deadline_policies SET near_lead_hours = $1 WHERE level = 0 AND priority = 'normal'`, [
        hours,
      ]);
    try {
      // 20 working hours away: not near by the default 4
      const now = new Date();
      const in20h = addWorkingMinutes(now, 20 * 60, await loadCalendar(ds.manager, now));
      const later = await openCaseDirect(ds, world, new Date(Date.now() + 3600_000), in20h, {
        outbox: false,
      });
      await service.notifyNear();
      expect(await told(later)).toBe(0);
      // the town's normal cases: 40 working hours ahead
      await setLead(40);
      await service.notifyNear();
      expect(await told(later)).toBeGreaterThanOrEqual(1);
      // a lead of 0 tells nobody, even a minute before the deadline
      await setLead(0);
      const soon = await openCaseDirect(
        ds,
        world,
        new Date(Date.now() + 30_000),
        new Date(Date.now() + 60_000),
        {
          outbox: false,
        },
      );
      await service.notifyNear();
      expect(await told(soon)).toBe(0);
      // back to the default: told
      await setLead(null);
      await service.notifyNear();
      expect(await told(soon)).toBeGreaterThanOrEqual(1);
    } finally {
      await setLead(null);
    }
  });
});
