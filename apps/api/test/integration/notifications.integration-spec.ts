import type { CaseDto, NotificationDto } from '@taizhang/contracts';
import { act, actOk, bearer, expectProblem, login, openCase, useWorld } from './harness';

describe('notifications', () => {
  /** coordinator2 of the town (the harness world has no token for him). */
  let coordinator2: string;

  const { api, http, w, id } = useWorld();
  beforeAll(async () => {
    coordinator2 = await login(http, w.users['coordinator2'].username);
  });

  const step = (token: string, c: CaseDto, body: Record<string, unknown>) => actOk(http, token, c, body);

  /**
   * Who (by world key) was told what about this case, from the table: [userKey, kind] pairs, sorted. Leaves out
   * the `opened` notice every new case brings its town's coordinators unless `opened` says otherwise.
   */
  async function told(caseId: string, opened = false): Promise<string[]> {
    const rows: { user_id: string; kind: string }[] = await api.ds.query(
      `SELECT user_id, kind FROM notifications WHERE case_id = $1${opened ? '' : ` AND kind <> 'opened'`}`,
      [caseId],
    );
    const keyOf = (uid: string) => Object.keys(w.users).find((k) => id(k) === uid) ?? uid;
    return rows.map((r) => `${keyOf(r.user_id)}:${r.kind}`).sort();
  }

  const mine = async (token: string, query = '') =>
    (await http.get(`/api/notifications${query}`).set(bearer(token)).expect(200)).body as {
      items: NotificationDto[];
      total: number;
      page: number;
      pageSize: number;
    };

  describe('who is told', () => {
    it("tells the town's coordinators about a new case (not a coordinator who opened it himself)", async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      expect(await told(c.id, true)).toEqual(['coordinator2:opened', 'coordinator:opened']);
      const [n] = (await mine(coordinator2)).items.filter((x) => x.caseId === c.id);
      expect(n?.title).toBe(`${c.ledgerNo}「${c.title}」新问题已登记，请及时受理`);
      const jobs: { job_id: string }[] = await api.ds.query(
        `SELECT job_id FROM outbox WHERE name = 'notification.send' AND payload->>'notificationId' = $1`,
        [n?.id],
      );
      expect(jobs).toEqual([{ job_id: `notification_${n?.id}` }]);
      const own = await openCase(http, w.tokens.coordinator, w.enterprise.id);
      expect(await told(own.id, true)).toEqual(['coordinator2:opened']);
    });

    it("tells the unit a case is returned to, and the enterprise's instructors when it is resolved (asking for 销号)", async () => {
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      c = await step(w.tokens.coordinator, c, { action: 'escalate', reason: '本镇无法解决' });
      c = await step(w.tokens.officer, c, { action: 'return', reason: '属于乡镇职责' });
      expect((await told(c.id)).filter((t) => t.endsWith(':returned'))).toEqual([
        'coordinator2:returned',
        'coordinator:returned',
      ]);
      c = await step(w.tokens.coordinator, c, { action: 'assign', assigneeId: id('coordinator2') });
      c = await step(coordinator2, c, { action: 'resolve', resolution: '已协调解决' });
      expect((await told(c.id)).filter((t) => t.endsWith(':resolved'))).toEqual(['instructor:resolved']);
      const [n] = (await mine(w.tokens.instructor)).items.filter(
        (x) => x.caseId === c.id && x.kind === 'resolved',
      );
      expect(n?.title).toBe(`${c.ledgerNo}「${c.title}」已办结，请确认销号`);
    });

    it('tells the assignee about an assignment (not the coordinator who assigned)', async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await step(w.tokens.coordinator, c, { action: 'assign', assigneeId: id('coordinator2') });
      expect(await told(c.id)).toEqual(['coordinator2:assigned']);
      const page = await mine(coordinator2, '?unread=true');
      const n = page.items.find((x) => x.caseId === c.id) as NotificationDto;
      expect(n).toMatchObject({ kind: 'assigned', ledgerNo: c.ledgerNo, readAt: null });
      expect(n.title).toBe(`${c.ledgerNo}「${c.title}」已分派给您办理`);
    });

    it('tells the officers of the target bureau and the managers of the county it serves about an escalation', async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await step(w.tokens.coordinator, c, { action: 'escalate', reason: '本镇无法解决' });
      // not the transport bureau's officer, not the city bureau, not the other town's manager
      expect(await told(c.id)).toEqual(['manager:escalated_to_unit', 'officer:escalated_to_unit']);
      const [n] = (await mine(w.tokens.officer)).items.filter((x) => x.caseId === c.id);
      expect(n?.title).toContain(`已上报至${w.countyLabor.name}`);
    });

    it('tells the city bureau and the city managers when a county bureau escalates further', async () => {
      const cityManager = await http
        .post('/api/users')
        .set(bearer(w.adminToken))
        .send({
          username: `citymgr_${w.tag}`,
          password: 'password-1234',
          displayName: '市领导',
          role: 'manager',
          unitId: w.city.id,
        })
        .expect(201);
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      c = await step(w.tokens.coordinator, c, { action: 'escalate', reason: '本镇无法解决' });
      await step(w.tokens.officer, c, { action: 'escalate', reason: '县级无法解决' });
      const rows: { user_id: string; kind: string }[] = await api.ds.query(
        `SELECT user_id, kind FROM notifications WHERE case_id = $1 AND user_id = ANY($2::uuid[])`,
        [c.id, [id('cityOfficer'), cityManager.body.id]],
      );
      expect(rows.map((r) => r.kind).sort()).toEqual(['escalated_to_unit', 'escalated_to_unit']);
    });

    it('tells the assignee about an urge, or the unit when nobody is assigned', async () => {
      const unassigned = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await step(w.tokens.manager, unassigned, { action: 'urge', reason: '请尽快办理' });
      // the holder (the unit, nobody being assigned) and its leaders (the county's manager urged: not told)
      expect(await told(unassigned.id)).toEqual(['coordinator2:urged', 'coordinator:urged']);

      let assigned = await openCase(http, w.tokens.instructor, w.enterprise.id);
      assigned = await step(w.tokens.coordinator, assigned, {
        action: 'assign',
        assigneeId: id('coordinator2'),
      });
      await step(w.tokens.manager, assigned, { action: 'urge' });
      expect(await told(assigned.id)).toEqual(['coordinator2:assigned', 'coordinator2:urged']);
    });

    it('tells the holder and its leaders when the enterprise is not satisfied', async () => {
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      c = await step(w.tokens.coordinator, c, { action: 'assign', assigneeId: id('coordinator2') });
      c = await step(coordinator2, c, { action: 'resolve', resolution: '已协调招聘' });
      await step(w.tokens.instructor, c, { action: 'reopen', reason: '企业仍缺工' });
      expect(await told(c.id)).toEqual(
        [
          'coordinator2:assigned',
          'coordinator2:reopened',
          'coordinator:reopened',
          'instructor:resolved',
          'manager:reopened',
        ].sort(),
      );
    });

    it('tells nobody about a comment or an accept', async () => {
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      c = await step(w.tokens.coordinator, c, { action: 'comment', comment: '已联系企业' });
      c = await step(w.tokens.coordinator, c, { action: 'escalate', reason: '本镇无法解决' });
      const before = (await told(c.id)).length;
      await step(w.tokens.officer, c, { action: 'accept' });
      expect((await told(c.id)).length).toBe(before);
    });

    it('writes one outbox job per notification in the same transaction (notification.send, keyed by the notification)', async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await step(w.tokens.coordinator, c, { action: 'escalate', reason: '本镇无法解决' });
      const ns: { id: string }[] = await api.ds.query(`SELECT id FROM notifications WHERE case_id = $1`, [
        c.id,
      ]);
      const jobs: { job_id: string; name: string; queue: string; payload: { notificationId: string } }[] =
        await api.ds.query(
          `SELECT job_id, name, queue, payload FROM outbox WHERE name = 'notification.send' AND payload->>'notificationId' = ANY($1::text[])`,
          [ns.map((n) => n.id)],
        );
      expect(jobs.map((j) => j.job_id).sort()).toEqual(ns.map((n) => `notification_${n.id}`).sort());
      for (const j of jobs) expect(j).toMatchObject({ name: 'notification.send', queue: 'notifications' });
    });

    it('tells nobody when the action is refused (stale version)', async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await step(w.tokens.coordinator, c, { action: 'comment', comment: 'x' });
      const res = await act(http, w.tokens.coordinator, c, {
        action: 'assign',
        assigneeId: id('coordinator2'),
      });
      expectProblem(res, 409, 'CASE.STALE_VERSION');
      expect(await told(c.id)).toEqual([]);
    });
  });

  describe('GET /api/notifications', () => {
    it("answers only the caller's own, newest first, paged; unread=true leaves out the read ones", async () => {
      const officerToken = await login(http, w.users['officer'].username);
      for (let i = 0; i < 3; i++) {
        const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
        await step(w.tokens.coordinator, c, { action: 'escalate', reason: `第${i}件` });
      }
      const all = await mine(officerToken, '?pageSize=2');
      expect(all).toMatchObject({ page: 1, pageSize: 2 });
      expect(all.items).toHaveLength(2);
      expect(all.total).toBeGreaterThanOrEqual(3);
      const times = all.items.map((n) => n.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
      const page2 = await mine(officerToken, '?pageSize=2&page=2');
      expect(page2.items.map((n) => n.id)).not.toContain(all.items[0]?.id);
      const rows: { user_id: string }[] = await api.ds.query(
        `SELECT DISTINCT user_id FROM notifications WHERE id = ANY($1::uuid[])`,
        [[...all.items, ...page2.items].map((n) => n.id)],
      );
      expect(rows).toEqual([{ user_id: id('officer') }]);
    });

    it('refuses bad paging and a bad unread flag with 400 naming the field', async () => {
      const bad: [query: string, field: string][] = [
        ['unread=maybe', 'unread'],
        ['pageSize=0', 'pageSize'],
        ['pageSize=101', 'pageSize'],
        ['page=abc', 'page'],
      ];
      for (const [query, field] of bad)
        expectProblem(
          await http.get(`/api/notifications?${query}`).set(bearer(w.tokens.officer)),
          400,
          'REQUEST.INVALID',
          [field],
        );
    });

    it('needs a sign-in', async () => {
      await http.get('/api/notifications').expect(401);
    });
  });

  describe('POST /api/notifications/:id/read and /read-all', () => {
    it('marks one read (again changes nothing), and all the rest with read-all', async () => {
      const c1 = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await step(w.tokens.coordinator, c1, { action: 'escalate', reason: '本镇无法解决' });
      const c2 = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await step(w.tokens.coordinator, c2, { action: 'escalate', reason: '本镇无法解决' });
      const unread = await mine(w.tokens.manager, '?unread=true&pageSize=100');
      expect(unread.total).toBeGreaterThanOrEqual(2);
      const first = unread.items[0];

      const res = await http
        .post(`/api/notifications/${first.id}/read`)
        .set(bearer(w.tokens.manager))
        .expect(200);
      expect(res.body).toMatchObject({ id: first.id, readAt: expect.any(String) });
      const again = await http
        .post(`/api/notifications/${first.id}/read`)
        .set(bearer(w.tokens.manager))
        .expect(200);
      expect(again.body.readAt).toBe(res.body.readAt);
      expect((await mine(w.tokens.manager, '?unread=true&pageSize=100')).total).toBe(unread.total - 1);

      const all = await http.post('/api/notifications/read-all').set(bearer(w.tokens.manager)).expect(200);
      expect(all.body).toEqual({ updated: unread.total - 1 });
      expect((await mine(w.tokens.manager, '?unread=true')).total).toBe(0);
      expect(
        (await http.post('/api/notifications/read-all').set(bearer(w.tokens.manager)).expect(200)).body,
      ).toEqual({ updated: 0 });
    });

    it("answers 404 for someone else's notification and leaves it unread", async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await step(w.tokens.coordinator, c, { action: 'assign', assigneeId: id('coordinator2') });
      const [n] = (await mine(coordinator2, '?unread=true')).items.filter((x) => x.caseId === c.id);
      expectProblem(
        await http.post(`/api/notifications/${n?.id}/read`).set(bearer(w.tokens.coordinator)),
        404,
      );
      const [row] = await api.ds.query(`SELECT read_at FROM notifications WHERE id = $1`, [n?.id]);
      expect(row.read_at).toBeNull();
    });

    it('answers 400 for an id that is not a UUID and 404 for an unknown one', async () => {
      expectProblem(
        await http.post('/api/notifications/123/read').set(bearer(w.tokens.officer)),
        400,
        'REQUEST.INVALID',
        ['id'],
      );
      expectProblem(
        await http
          .post('/api/notifications/6f1c0c1e-0000-4000-8000-000000000001/read')
          .set(bearer(w.tokens.officer)),
        404,
      );
    });
  });
});
