import {
  NOTIFICATION_KINDS,
  type FailedDeliveryDto,
  type NotificationPreferencesDto,
  type UserDto,
} from '@taizhang/contracts';
import { act, bearer, expectProblem, openCase, useWorld } from './harness';

describe('notification channels: preferences, failed deliveries, unit robots', () => {
  const { api, http, w } = useWorld();

  const prefs = async (token: string) =>
    (await http.get('/api/notifications/preferences').set(bearer(token)).expect(200))
      .body as NotificationPreferencesDto;
  const on = (p: NotificationPreferencesDto, kind: string, channel: string) =>
    p.items.find((i) => i.kind === kind && i.channel === channel)?.enabled;

  describe('GET/PUT /api/notifications/preferences', () => {
    it('answers the whole grid with the defaults: in-app always, text messages for what asks to act soon', async () => {
      const p = await prefs(w.tokens.instructor);
      expect(p).toMatchObject({ phone: null, email: null });
      expect(p.items).toHaveLength(NOTIFICATION_KINDS.length * 4);
      expect(p.items.find((i) => i.kind === 'resolved' && i.channel === 'in_app')).toEqual({
        kind: 'resolved',
        channel: 'in_app',
        enabled: true,
        choosable: false,
      });
      expect(on(p, 'resolved', 'sms')).toBe(true);
      expect(on(p, 'opened', 'sms')).toBe(false);
    });

    it("stores one's own contact and choices; in-app cannot be switched off; another user is untouched", async () => {
      const res = await http
        .put('/api/notifications/preferences')
        .set(bearer(w.tokens.instructor))
        .send({
          phone: '13800000001',
          email: 'Wang@Example.com',
          items: [
            { kind: 'resolved', channel: 'email', enabled: false },
            { kind: 'opened', channel: 'sms', enabled: true },
            { kind: 'resolved', channel: 'in_app', enabled: false },
          ],
        })
        .expect(200);
      const p = res.body as NotificationPreferencesDto;
      expect(p).toMatchObject({ phone: '13800000001', email: 'wang@example.com' });
      expect(on(p, 'resolved', 'email')).toBe(false);
      expect(on(p, 'opened', 'sms')).toBe(true);
      expect(on(p, 'resolved', 'in_app')).toBe(true);
      expect(await prefs(w.tokens.instructor)).toEqual(p);
      // only what is sent changes
      const p2 = (
        await http
          .put('/api/notifications/preferences')
          .set(bearer(w.tokens.instructor))
          .send({ email: null })
          .expect(200)
      ).body;
      expect(p2).toMatchObject({ phone: '13800000001', email: null });
      expect(on(p2, 'resolved', 'email')).toBe(false);
      // the admin sees the user's contact
      const list = await http
        .get(`/api/users?q=${w.users['instructor'].username}`)
        .set(bearer(w.adminToken))
        .expect(200);
      expect((list.body.items as UserDto[]).find((u) => u.id === w.users['instructor'].id)).toMatchObject({
        phone: '13800000001',
        email: null,
      });
      expect(on(await prefs(w.tokens.coordinator), 'resolved', 'email')).toBe(true);
    });

    it('refuses bad input with 400 naming the field', async () => {
      const put = (body: unknown) =>
        http
          .put('/api/notifications/preferences')
          .set(bearer(w.tokens.instructor))
          .send(body as object);
      expectProblem(await put({ email: 'not-an-address' }), 400, 'REQUEST.INVALID', ['email']);
      expectProblem(await put({ phone: 'call me' }), 400, 'REQUEST.INVALID', ['phone']);
      expectProblem(
        await put({ items: [{ kind: 'nope', channel: 'sms', enabled: true }] }),
        400,
        'REQUEST.INVALID',
      );
      expectProblem(
        await put({ items: [{ kind: 'opened', channel: 'pigeon', enabled: true }] }),
        400,
        'REQUEST.INVALID',
      );
      expectProblem(await put({ items: 'all' }), 400, 'REQUEST.INVALID', ['items']);
      expectProblem(await put({ items: [null] }), 400, 'REQUEST.INVALID');
      expectProblem(await put({ items: [{ kind: 'opened', channel: 'sms' }] }), 400, 'REQUEST.INVALID');
      expectProblem(await put({ phone: 13800000000 }), 400, 'REQUEST.INVALID', ['phone']);
      // the same kind and channel twice in one request is a mistake, not a server error
      expectProblem(
        await put({
          items: [
            { kind: 'opened', channel: 'sms', enabled: true },
            { kind: 'opened', channel: 'sms', enabled: false },
          ],
        }),
        400,
        'REQUEST.INVALID',
        ['items'],
      );
    });

    it("lets an admin set a user's e-mail", async () => {
      const id = w.users['coordinator'].id;
      const res = await http
        .patch(`/api/users/${id}`)
        .set(bearer(w.adminToken))
        .send({ email: 'zhao@example.com' })
        .expect(200);
      expect(res.body.email).toBe('zhao@example.com');
      expectProblem(
        await http.patch(`/api/users/${id}`).set(bearer(w.adminToken)).send({ email: 'x' }),
        400,
        'REQUEST.INVALID',
        ['email'],
      );
      expect((await prefs(w.tokens.coordinator)).email).toBe('zhao@example.com');
    });

    it('needs a sign-in', async () => {
      await http.get('/api/notifications/preferences').expect(401);
    });
  });

  describe('failed deliveries (admin)', () => {
    let deliveryId: string;

    beforeAll(async () => {
      // a notification whose SMS delivery failed for good, as the worker leaves one
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      for (const [token, body] of [
        [w.tokens.coordinator, { action: 'assign', assigneeId: w.users['coordinator'].id }],
        [w.tokens.coordinator, { action: 'resolve', resolution: '已解决' }],
      ] as const) {
        const res = await act(http, token, c, body);
        expect(res.status).toBe(200);
        c = res.body;
      }
      const [n] = await api.ds.query(
        `SELECT id FROM notifications WHERE case_id = $1 AND kind = 'resolved'`,
        [c.id],
      );
      const [d] = await api.ds.query(
        `INSERT INTO notification_deliveries (notification_id, channel, status, attempts, last_error, updated_at) VALUES ($1, 'sms', 'failed', 5, 'HTTP 503', now()) RETURNING id`,
        [n.id],
      );
      deliveryId = d.id;
      await api.ds.query(
        `INSERT INTO delivery_attempts (delivery_id, attempt, ok, error, duration_ms) SELECT $1, g, false, 'HTTP 503', 12 FROM generate_series(1, 5) g`,
        [deliveryId],
      );
    });

    it('lists them for an admin, newest first, with the notification and the user', async () => {
      const res = await http
        .get('/api/notification-deliveries/failed?pageSize=5')
        .set(bearer(w.adminToken))
        .expect(200);
      expect(res.body).toMatchObject({ page: 1, pageSize: 5, total: expect.any(Number) });
      const d = (res.body.items as FailedDeliveryDto[]).find((x) => x.id === deliveryId);
      expect(d).toMatchObject({
        channel: 'sms',
        attempts: 5,
        lastError: 'HTTP 503',
        kind: 'resolved',
        userId: w.users['instructor'].id,
      });
      expect(d?.title).toContain('已办结，请确认销号');
      const sms = await http
        .get('/api/notification-deliveries/failed?channel=email')
        .set(bearer(w.adminToken))
        .expect(200);
      expect((sms.body.items as FailedDeliveryDto[]).map((x) => x.id)).not.toContain(deliveryId);
      const attempts = await http
        .get(`/api/notification-deliveries/${deliveryId}/attempts`)
        .set(bearer(w.adminToken))
        .expect(200);
      expect(attempts.body.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2, 3, 4, 5]);
    });

    it('is for admins only', async () => {
      for (const t of [w.tokens.coordinator, w.tokens.manager, w.tokens.instructor]) {
        expectProblem(await http.get('/api/notification-deliveries/failed').set(bearer(t)), 403);
        expectProblem(
          await http.post(`/api/notification-deliveries/${deliveryId}/retry`).set(bearer(t)),
          403,
        );
      }
    });

    it('retries a failed one once (409 while it is pending), 404 for an unknown one, 400 for a bad id or channel', async () => {
      const res = await http
        .post(`/api/notification-deliveries/${deliveryId}/retry`)
        .set(bearer(w.adminToken))
        .expect(200);
      expect(res.body).toEqual({ id: deliveryId, status: 'pending' });
      const jobs = await api.ds.query(
        `SELECT job_id FROM outbox WHERE name = 'notification.deliver' AND payload->>'deliveryId' = $1`,
        [deliveryId],
      );
      expect(jobs).toHaveLength(1);
      expectProblem(
        await http.post(`/api/notification-deliveries/${deliveryId}/retry`).set(bearer(w.adminToken)),
        409,
        'REQUEST.CONFLICT',
      );
      expectProblem(
        await http
          .post('/api/notification-deliveries/6f1c0c1e-0000-4000-8000-000000000001/retry')
          .set(bearer(w.adminToken)),
        404,
      );
      expectProblem(
        await http
          .get('/api/notification-deliveries/6f1c0c1e-0000-4000-8000-000000000001/attempts')
          .set(bearer(w.adminToken)),
        404,
      );
      expectProblem(
        await http.post('/api/notification-deliveries/abc/retry').set(bearer(w.adminToken)),
        400,
        'REQUEST.INVALID',
        ['id'],
      );
      expectProblem(
        await http.get('/api/notification-deliveries/failed?channel=pigeon').set(bearer(w.adminToken)),
        400,
        'REQUEST.INVALID',
        ['channel'],
      );
    });
  });

  describe('GET/PUT /api/units/{id}/webhook', () => {
    it("lets an admin set any unit's robot; the secret is never shown back", async () => {
      const res = await http
        .put(`/api/units/${w.countyLabor.id}/webhook`)
        .set(bearer(w.adminToken))
        .send({
          kind: 'dingtalk',
          url: 'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789',
          secret: 'SEC123',
        })
        .expect(200);
      // the access token is the robot's credential: masked in every answer, the secret never shown
      const masked = {
        unitId: w.countyLabor.id,
        kind: 'dingtalk',
        url: 'https://oapi.dingtalk.com/robot/send?access_token=****6789',
        hasSecret: true,
      };
      expect(res.body).toEqual(masked);
      const got = await http
        .get(`/api/units/${w.countyLabor.id}/webhook`)
        .set(bearer(w.adminToken))
        .expect(200);
      expect(got.body).toEqual(masked);
      expect(JSON.stringify(got.body)).not.toMatch(/abcdef|SEC123/);
      // the form saved with the masked address (or none) keeps the stored one
      await http
        .put(`/api/units/${w.countyLabor.id}/webhook`)
        .set(bearer(w.adminToken))
        .send({ kind: 'dingtalk', url: masked.url })
        .expect(200);
      await http
        .put(`/api/units/${w.countyLabor.id}/webhook`)
        .set(bearer(w.adminToken))
        .send({ kind: 'dingtalk' })
        .expect(200);
      const [row] = await api.ds.query(`SELECT webhook_url, webhook_secret FROM units WHERE id = $1`, [
        w.countyLabor.id,
      ]);
      expect(row).toEqual({
        webhook_url: 'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789',
        webhook_secret: 'SEC123',
      });
      // another kind of robot needs its own address
      expectProblem(
        await http
          .put(`/api/units/${w.countyLabor.id}/webhook`)
          .set(bearer(w.adminToken))
          .send({ kind: 'wecom', url: masked.url }),
        400,
        'REQUEST.INVALID',
        ['url'],
      );
      // the secret stays when not sent; kind null removes it all
      const kept = await http
        .put(`/api/units/${w.countyLabor.id}/webhook`)
        .set(bearer(w.adminToken))
        .send({ kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=def' })
        .expect(200);
      expect(kept.body.hasSecret).toBe(true);
      const off = await http
        .put(`/api/units/${w.countyLabor.id}/webhook`)
        .set(bearer(w.adminToken))
        .send({ kind: null })
        .expect(200);
      expect(off.body).toEqual({ unitId: w.countyLabor.id, kind: null, url: null, hasSecret: false });
    });

    it("lets a unit's staff set their own unit's robot, and nobody else's (404)", async () => {
      const body = { kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1' };
      const own = await http
        .put(`/api/units/${w.town.id}/webhook`)
        .set(bearer(w.tokens.coordinator))
        .send(body)
        .expect(200);
      expect(own.body).toMatchObject({ kind: 'wecom', hasSecret: false });
      expect(
        (await http.get(`/api/units/${w.town.id}/webhook`).set(bearer(w.tokens.coordinator)).expect(200))
          .body,
      ).toEqual(own.body);
      expectProblem(
        await http.put(`/api/units/${w.otherTown.id}/webhook`).set(bearer(w.tokens.coordinator)).send(body),
        404,
      );
      expectProblem(
        await http.get(`/api/units/${w.otherTown.id}/webhook`).set(bearer(w.tokens.coordinator)),
        404,
      );
      expectProblem(
        await http.get(`/api/units/${w.town.id}/webhook`).set(bearer(w.tokens.otherManager)),
        404,
      );
      expectProblem(await http.get(`/api/units/${w.town.id}/webhook`).set(bearer(w.tokens.instructor)), 403);
      expectProblem(
        await http.get('/api/units/6f1c0c1e-0000-4000-8000-000000000001/webhook').set(bearer(w.adminToken)),
        404,
      );
    });

    it('refuses a bad robot with 400 naming the field', async () => {
      const put = (body: unknown) =>
        http
          .put(`/api/units/${w.otherTown.id}/webhook`)
          .set(bearer(w.adminToken))
          .send(body as object);
      expectProblem(await put({ kind: 'slack', url: 'https://x' }), 400, 'REQUEST.INVALID', ['kind']);
      expectProblem(await put({ kind: 'wecom' }), 400, 'REQUEST.INVALID', ['url']);
      expectProblem(await put({ kind: 'wecom', url: '' }), 400, 'REQUEST.INVALID', ['url']);
      expectProblem(await put({ kind: 'wecom', url: 'not a url' }), 400, 'REQUEST.INVALID', ['url']);
      expectProblem(await put({ kind: 'wecom', url: 'ftp://robot' }), 400, 'REQUEST.INVALID', ['url']);
      expectProblem(await put({}), 400, 'REQUEST.INVALID', ['kind']);
    });

    it("aims a robot only at the robots' own hosts: never at an internal address the worker would post to", async () => {
      const put = (url: string) =>
        http
          .put(`/api/units/${w.otherTown.id}/webhook`)
          .set(bearer(w.adminToken))
          .send({ kind: 'wecom', url });
      for (const url of [
        'http://127.0.0.1:6379/',
        'http://169.254.169.254/latest/meta-data/',
        'https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send?key=k',
        'https://internal-service/cgi-bin/webhook/send?key=k',
      ]) {
        const res = await put(url);
        expectProblem(res, 400, 'REQUEST.INVALID', ['url']);
        expect(JSON.stringify(res.body)).toContain('qyapi.weixin.qq.com');
      }
      // the robot's own host (any letter case) is taken
      const ok = await put('https://QYAPI.weixin.qq.com/cgi-bin/webhook/send?key=k2').expect(200);
      expect(ok.body.kind).toBe('wecom');
    });
  });
});
