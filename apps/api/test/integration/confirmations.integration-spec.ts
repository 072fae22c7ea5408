import type { CaseDto } from '@taizhang/contracts';
import { confirmationLinkStillUsable } from '@taizhang/db';
import {
  actOk,
  bearer,
  clientAddress,
  expectProblem,
  expectRowsAreFoldOfEvents,
  getCase,
  openCase,
  useWorld,
} from './harness';

const PUBLIC_URL = 'https://taizhang.example.test';
const LIMIT = 30;

interface Link {
  url: string;
  token: string;
  expiresAt: string;
  smsQueued: boolean;
}

describe('enterprise confirmation links', () => {
  const { api, http, w, id } = useWorld({
    env: { PUBLIC_URL, CONFIRM_RATE_LIMIT: String(LIMIT), CONFIRM_LINK_TTL_DAYS: '7' },
    beforeClose: (s) => expectRowsAreFoldOfEvents(s.api.ds),
  });

  const step = (token: string, c: CaseDto, body: Record<string, unknown>) => actOk(http, token, c, body);

  /** A case resolved by the town's coordinator, with an internal comment on the way. */
  async function resolvedCase(): Promise<CaseDto> {
    let c = await openCase(http, w.tokens.instructor, w.enterprise.id, {
      title: '返岗员工不足',
      description: '缺少焊工20名',
    });
    c = await step(w.tokens.coordinator, c, { action: 'assign', assigneeId: id('coordinator') });
    c = await step(w.tokens.coordinator, c, {
      action: 'comment',
      comment: '内部备注：请李科长电话13912345678联系',
    });
    return step(w.tokens.coordinator, c, { action: 'resolve', resolution: '已对接人社所招聘焊工20名' });
  }

  const issue = (token: string, caseId: string, body: object = {}) =>
    http.post(`/api/cases/${caseId}/confirmation-link`).set(bearer(token)).send(body);

  async function link(caseId: string, body: object = {}): Promise<Link> {
    const res = await issue(w.tokens.instructor, caseId, body);
    if (res.status !== 201) throw new Error(`link: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Link;
  }

  const view = (token: string) => http.get(`/api/public/confirmations/${encodeURIComponent(token)}`);
  const answer = (token: string, body: object) =>
    http.post(`/api/public/confirmations/${encodeURIComponent(token)}`).send(body);

  describe('POST /api/cases/{id}/confirmation-link', () => {
    it('gives the instructor a one-time link to the public page, valid for 7 days', async () => {
      const c = await resolvedCase();
      const before = Date.now();
      const l = await link(c.id);
      expect(l.token).toMatch(/^[A-Za-z0-9_-]{46}$/);
      expect(l.url).toBe(`${PUBLIC_URL}/confirm/${l.token}`);
      expect(l.smsQueued).toBe(false);
      const ttl = new Date(l.expiresAt).getTime() - before;
      expect(ttl).toBeGreaterThan(7 * 86400_000 - 60_000);
      expect(ttl).toBeLessThan(7 * 86400_000 + 60_000);
      // only the hash is stored
      const rows: { token_hash: Buffer }[] = await api.ds.query(
        `SELECT token_hash FROM confirmation_links WHERE case_id = $1`,
        [c.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.token_hash.toString('utf8')).not.toContain(l.token.slice(0, 10));
    });

    it("lets the town's coordinator issue one too", async () => {
      const c = await resolvedCase();
      expect((await issue(w.tokens.coordinator, c.id)).status).toBe(201);
    });

    it('refuses other roles: 404 outside their jurisdiction, 403 for a manager who sees the case', async () => {
      const c = await resolvedCase();
      for (const who of ['otherInstructor', 'otherCoordinator', 'otherOfficer', 'otherManager'] as const) {
        expectProblem(await issue(w.tokens[who], c.id), 404, 'CASE.NOT_FOUND');
      }
      expectProblem(await issue(w.tokens.manager, c.id), 403, 'CASE.NOT_IN_JURISDICTION');
      expectProblem(await http.post(`/api/cases/${c.id}/confirmation-link`).send({}), 401);
    });

    it('refuses a case that is not resolved (409) and an unknown one (404)', async () => {
      const open = await openCase(http, w.tokens.instructor, w.enterprise.id);
      expectProblem(await issue(w.tokens.instructor, open.id), 409, 'CASE.NOT_ALLOWED_IN_STATE');
      expectProblem(
        await issue(w.tokens.instructor, '0196a3c8-0000-7000-8000-000000000000'),
        404,
        'CASE.NOT_FOUND',
      );
      expectProblem(await issue(w.tokens.instructor, open.id, { sendSms: 'yes' }), 400, 'REQUEST.INVALID', [
        'sendSms',
      ]);
    });

    it("queues an SMS with the link to the enterprise's contact phone when asked", async () => {
      const c = await resolvedCase();
      const l = await link(c.id, { sendSms: true });
      expect(l.smsQueued).toBe(true);
      const rows: { queue: string; name: string; payload: Record<string, unknown> }[] = await api.ds.query(
        `SELECT queue, name, payload FROM outbox WHERE name = 'confirmation-link.sms' AND payload->>'caseId' = $1`,
        [c.id],
      );
      expect(rows).toEqual([
        {
          queue: 'notifications',
          name: 'confirmation-link.sms',
          payload: expect.objectContaining({ phone: '13800000000', url: l.url, expiresAt: l.expiresAt }),
        },
      ]);
    });

    it('lets the SMS job send only a link that still works', async () => {
      const linkIds = async (caseId: string): Promise<string[]> =>
        (
          await api.ds.query<{ id: string }[]>(
            `SELECT id FROM confirmation_links WHERE case_id = $1 ORDER BY created_at`,
            [caseId],
          )
        ).map((r) => r.id);
      const usable = (id: string) => confirmationLinkStillUsable(api.ds, id, new Date());
      let c = await resolvedCase();
      await link(c.id, { sendSms: true });
      const newest = await link(c.id, { sendSms: true });
      const [replaced, current] = (await linkIds(c.id)) as [string, string];
      expect(await usable(replaced)).toBe(false);
      expect(await usable(current)).toBe(true);
      await expect(
        confirmationLinkStillUsable(api.ds, current, new Date(Date.parse(newest.expiresAt) + 1)),
      ).resolves.toBe(false);
      // the case reopened, then resolved again: the link was for the earlier resolution
      c = await step(w.tokens.instructor, c, { action: 'reopen', reason: '问题又出现了', rating: 2 });
      expect(await usable(current)).toBe(false);
      c = await step(w.tokens.coordinator, c, { action: 'resolve', resolution: '再次对接' });
      expect(await usable(current)).toBe(false);
      // answered: used
      const fresh = await link(c.id);
      const freshId = (await linkIds(c.id)).at(-1) as string;
      expect(await usable(freshId)).toBe(true);
      expect((await answer(fresh.token, { accept: true, rating: 5 })).status).toBe(200);
      expect(await usable(freshId)).toBe(false);
    });

    it('replaces the earlier links of the case: only the newest works', async () => {
      const c = await resolvedCase();
      const first = await link(c.id);
      const second = await link(c.id);
      expectProblem(await view(first.token), 410, 'CONFIRMATION.EXPIRED');
      expect((await view(second.token)).status).toBe(200);
    });
  });

  describe('GET /api/public/confirmations/{token}', () => {
    it('shows the problem, the resolution and the steps, and nothing internal (no people, phones or comments)', async () => {
      const c = await resolvedCase();
      const l = await link(c.id);
      const res = await view(l.token);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(
        [
          'ledgerNo',
          'enterpriseName',
          'title',
          'description',
          'resolution',
          'status',
          'openedAt',
          'resolvedAt',
          'expiresAt',
          'steps',
        ].sort(),
      );
      expect(res.body).toMatchObject({
        ledgerNo: c.ledgerNo,
        enterpriseName: w.enterprise.name,
        title: '返岗员工不足',
        description: '缺少焊工20名',
        resolution: '已对接人社所招聘焊工20名',
        status: 'resolved',
        expiresAt: l.expiresAt,
      });
      expect(res.body.steps).toEqual([
        { type: 'open', at: expect.any(String), status: 'open', unitName: w.town.name },
        { type: 'assign', at: expect.any(String), status: 'in_progress', unitName: w.town.name },
        { type: 'resolve', at: expect.any(String), status: 'resolved', unitName: w.town.name },
      ]);
      const text = JSON.stringify(res.body);
      for (const secret of [
        '13912345678',
        '内部备注',
        '13800000000',
        '张三',
        c.id,
        id('coordinator'),
        id('instructor'),
        w.users['coordinator'].displayName,
        w.users['instructor'].displayName,
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(res.headers['cache-control']).toContain('no-store');
    });

    it('answers 404 for a tampered, unsigned or malformed token', async () => {
      const c = await resolvedCase();
      const l = await link(c.id);
      const flip = (ch: string) => (ch === 'A' ? 'B' : 'A');
      const tampered = [
        flip(l.token[0]) + l.token.slice(1),
        l.token.slice(0, -1) + flip(l.token.slice(-1)),
        'A'.repeat(46),
        'x',
        `${l.token}x`,
      ];
      for (const t of tampered) {
        expectProblem(await view(t), 404, 'CONFIRMATION.NOT_FOUND');
        expectProblem(await answer(t, { accept: true, rating: 5 }), 404, 'CONFIRMATION.NOT_FOUND');
      }
      expect((await getCase(http, w.tokens.instructor, c.id)).status).toBe('resolved');
    });

    it('answers 410 once the link has expired', async () => {
      const c = await resolvedCase();
      const l = await link(c.id);
      await api.ds.query(
        `UPDATE confirmation_links SET expires_at = now() - interval '1 second' WHERE case_id = $1`,
        [c.id],
      );
      expectProblem(await view(l.token), 410, 'CONFIRMATION.EXPIRED');
      expectProblem(await answer(l.token, { accept: true, rating: 5 }), 410, 'CONFIRMATION.EXPIRED');
      expect((await getCase(http, w.tokens.instructor, c.id)).status).toBe('resolved');
    });

    it("answers 410 when the instructor confirmed on the enterprise's behalf in the meantime", async () => {
      const c = await resolvedCase();
      const l = await link(c.id);
      await step(w.tokens.instructor, c, { action: 'confirm', rating: 4 });
      expectProblem(await view(l.token), 410, 'CONFIRMATION.EXPIRED');
      expectProblem(await answer(l.token, { accept: true, rating: 5 }), 410, 'CONFIRMATION.EXPIRED');
    });

    it('answers 410 once the instructor reopened the case, and still after it is resolved again', async () => {
      let c = await resolvedCase();
      const l = await link(c.id);
      c = await step(w.tokens.instructor, c, { action: 'reopen', reason: '问题又出现了', rating: 2 });
      expectProblem(await view(l.token), 410, 'CONFIRMATION.EXPIRED');
      expectProblem(await answer(l.token, { accept: true, rating: 5 }), 410, 'CONFIRMATION.EXPIRED');
      // resolved anew: the old link was for the earlier resolution, it stays unusable; a new link works
      expect(c.status).toBe('in_progress'); // back with the coordinator who resolved it
      c = await step(w.tokens.coordinator, c, { action: 'resolve', resolution: '再次对接，焊工已到岗' });
      expect(c.status).toBe('resolved');
      const stale = await view(l.token);
      expectProblem(stale, 410, 'CONFIRMATION.EXPIRED');
      expect(JSON.stringify(stale.body)).toContain('resolved again');
      expectProblem(await answer(l.token, { accept: true, rating: 5 }), 410, 'CONFIRMATION.EXPIRED');
      expect((await getCase(http, w.tokens.instructor, c.id)).status).toBe('resolved');
      const fresh = await link(c.id);
      expect((await view(fresh.token)).status).toBe(200);
      expect((await answer(fresh.token, { accept: true, rating: 4 })).status).toBe(200);
    });
  });

  describe('POST /api/public/confirmations/{token}', () => {
    it("accepts with a rating: the case is closed (销号), recorded as the enterprise's own confirmation; the link then is used", async () => {
      const c = await resolvedCase();
      const l = await link(c.id);
      const res = await answer(l.token, { accept: true, rating: 4, comment: '  处理及时  ' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accepted: true, status: 'closed', rating: 4 });
      const after = await getCase(http, w.tokens.instructor, c.id);
      expect(after).toMatchObject({
        status: 'closed',
        rating: 4,
        ratingComment: '处理及时',
        satisfied: true,
        confirmedBy: 'enterprise',
      });
      const last = after.events?.[after.events.length - 1];
      expect(last).toMatchObject({ type: 'confirm', actorId: null, actorName: '企业（确认链接）' });
      expect(last?.payload).toMatchObject({ rating: 4, confirmedBy: 'enterprise' });

      expectProblem(await answer(l.token, { accept: true, rating: 5 }), 410, 'CONFIRMATION.USED');
      expectProblem(await view(l.token), 410, 'CONFIRMATION.USED');
      expect((await getCase(http, w.tokens.instructor, c.id)).version).toBe(after.version);
    });

    it('refuses with a reason: the case is reopened at the unit that resolved it, with the rating', async () => {
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      c = await step(w.tokens.coordinator, c, { action: 'escalate', reason: '本镇无法解决' });
      c = await step(w.tokens.officer, c, { action: 'accept' });
      c = await step(w.tokens.officer, c, { action: 'resolve', resolution: '县局已协调' });
      const l = await link(c.id);
      expectProblem(await answer(l.token, { accept: false, rating: 2 }), 400, 'REQUEST.INVALID', ['comment']);
      expectProblem(
        await answer(l.token, { accept: false, rating: 2, comment: '   ' }),
        400,
        'REQUEST.INVALID',
        ['comment'],
      );
      const res = await answer(l.token, { accept: false, rating: 2, comment: '焊工仍未到岗' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accepted: false, status: 'in_progress', rating: 2 });
      const after = await getCase(http, w.tokens.officer, c.id);
      expect(after).toMatchObject({
        status: 'in_progress',
        unitId: w.countyLabor.id,
        level: 1,
        assigneeId: id('officer'),
        rating: 2,
        ratingComment: '焊工仍未到岗',
        satisfied: false,
        confirmedBy: 'enterprise',
        resolvedAt: null,
      });
      expect(after.events?.[after.events.length - 1]).toMatchObject({
        type: 'reopen',
        reason: '焊工仍未到岗',
        actorId: null,
      });
      // the officer who holds it is told
      const told: { user_id: string; kind: string }[] = await api.ds.query(
        `SELECT user_id, kind FROM notifications WHERE case_id = $1 AND kind = 'reopened'`,
        [c.id],
      );
      expect(told.map((t) => t.user_id)).toContain(id('officer'));
      expectProblem(await answer(l.token, { accept: true, rating: 5 }), 410, 'CONFIRMATION.USED');
    });

    it('refuses a bad body with 400 and leaves the link usable', async () => {
      const c = await resolvedCase();
      const l = await link(c.id);
      for (const [body, field] of [
        [{ rating: 5 }, 'accept'],
        [{ accept: 'yes', rating: 5 }, 'accept'],
        [{ accept: true }, 'rating'],
        [{ accept: true, rating: 0 }, 'rating'],
        [{ accept: true, rating: 6 }, 'rating'],
        [{ accept: true, rating: 3.5 }, 'rating'],
        [{ accept: true, rating: 5, comment: 'x'.repeat(2001) }, 'comment'],
        [{ accept: true, rating: 5, caseId: c.id }, 'caseId'],
      ] as const) {
        expectProblem(await answer(l.token, body), 400, 'REQUEST.INVALID', [field]);
      }
      expect((await answer(l.token, { accept: true, rating: 5 })).status).toBe(200);
    });

    it('takes one answer when two arrive at once', async () => {
      const c = await resolvedCase();
      const l = await link(c.id);
      const answers = await Promise.all([
        answer(l.token, { accept: true, rating: 5 }),
        answer(l.token, { accept: false, rating: 1, comment: '不行' }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
      const events: { type: string }[] = await api.ds.query(
        `SELECT type FROM case_events WHERE case_id = $1 AND type IN ('confirm', 'reopen')`,
        [c.id],
      );
      expect(events).toHaveLength(1);
    });
  });

  describe('rate limit', () => {
    it(`lets ${LIMIT} requests a minute through from one address, then answers 429 with Retry-After`, async () => {
      const address = clientAddress();
      for (let i = 0; i < LIMIT; i++) {
        const res = await http
          .get(`/api/public/confirmations/not-a-token-${i}`)
          .set('X-Forwarded-For', address);
        expect(res.status).toBe(404);
      }
      const res = await http.get('/api/public/confirmations/not-a-token').set('X-Forwarded-For', address);
      expectProblem(res, 429, 'CONFIRMATION.THROTTLED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expectProblem(
        await http.post('/api/public/confirmations/x').set('X-Forwarded-For', address).send({}),
        429,
        'CONFIRMATION.THROTTLED',
      );
      // another address is not held back
      expect(
        (await http.get('/api/public/confirmations/not-a-token').set('X-Forwarded-For', clientAddress()))
          .status,
      ).toBe(404);
    });
  });
});
