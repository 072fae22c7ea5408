import type { CaseDto } from '@taizhang/contracts';
import { act, actOk, bearer, expectProblem, getCase, markCaseOverdue, openCase, useWorld } from './harness';

/** Issue 14: deadlines in sight, extension requests, follow-through and the inbox's bulk actions. */
describe('supervision (issue 14)', () => {
  const { api, http, w, id } = useWorld({ foldAfterEach: true });

  const step = (token: string, c: CaseDto, body: Record<string, unknown>) => actOk(http, token, c, body);
  /** `token` asks for the case's resolve-by to move to `until`. */
  const askExtension = (token: string, c: CaseDto, until: unknown, reason: string) =>
    act(http, token, c, { action: 'request_extension', reason, until });
  /** A case opened at the town and escalated to the county labour bureau, which accepted it. */
  async function atCountyBureau(): Promise<CaseDto> {
    const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
    const escalated = await step(w.tokens.coordinator, c, { action: 'escalate', reason: '镇级无法协调' });
    return step(w.tokens.officer, escalated, { action: 'accept' });
  }
  const DAY = 86_400_000;
  const plus = (iso: string | null | undefined, ms: number) =>
    new Date(new Date(iso as string).getTime() + ms).toISOString();

  describe('missedDeadline', () => {
    it('says which deadline was missed: respond, resolve, or none', async () => {
      const fresh = await openCase(http, w.tokens.instructor, w.enterprise.id);
      expect(fresh.missedDeadline).toBeNull();
      const a = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await markCaseOverdue(api.ds, a.id, 'respond');
      const b = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await markCaseOverdue(api.ds, b.id, 'resolve');
      expect(await getCase(http, w.tokens.coordinator, a.id)).toMatchObject({
        overdue: true,
        missedDeadline: 'respond',
      });
      expect(await getCase(http, w.tokens.coordinator, b.id)).toMatchObject({
        overdue: true,
        missedDeadline: 'resolve',
      });
      const list = (
        await http.get('/api/cases?overdue=true&pageSize=200').set(bearer(w.tokens.coordinator)).expect(200)
      ).body.items as CaseDto[];
      expect(list.find((x) => x.id === a.id)?.missedDeadline).toBe('respond');
      expect(list.find((x) => x.id === b.id)?.missedDeadline).toBe('resolve');
      // escalating clears the mark, and with it the missed deadline
      const escalated = await step(w.tokens.coordinator, await getCase(http, w.tokens.coordinator, b.id), {
        action: 'escalate',
        reason: '镇级无法协调',
      });
      expect(escalated).toMatchObject({ overdue: false, missedDeadline: null });
    });
  });

  describe('GET /api/cases?sort=resolveBy|respondBy', () => {
    it('pages by keyset in deadline order, ties and missing deadlines included, without a gap or a repeat', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await openCase(http, w.tokens.coordinator, w.enterprise.id)).id);
      // ties on the deadline and a case without one: the order falls back on the id, NULLs last
      await api.ds.query(
        `UPDATE cases SET resolve_by = '2031-01-01T00:00:00Z', respond_by = '2030-12-31T00:00:00Z' WHERE id = ANY($1::uuid[])`,
        [ids.slice(0, 3)],
      );
      await api.ds.query(`UPDATE cases SET resolve_by = NULL, respond_by = NULL WHERE id = $1`, [ids[6]]);
      for (const sort of ['resolveBy', '-resolveBy', 'respondBy']) {
        const col = sort.replace('-', '') === 'resolveBy' ? 'resolve_by' : 'respond_by';
        const dir = sort.startsWith('-') ? 'DESC' : 'ASC';
        const expected: string[] = (
          await api.ds.query(
            `SELECT id FROM cases WHERE town_id = $1 ORDER BY ${col} ${dir} NULLS LAST, id ${dir}`,
            [w.town.id],
          )
        ).map((r: { id: string }) => r.id);
        const seen: string[] = [];
        let cursor: string | null = null;
        let offsetPage = 1;
        do {
          const q: string = cursor ? `&cursor=${cursor}` : '';
          const res = await http
            .get(`/api/cases?unitId=${w.town.id}&sort=${sort}&pageSize=4${q}`)
            .set(bearer(w.adminToken))
            .expect(200);
          seen.push(...(res.body.items as CaseDto[]).map((c) => c.id));
          // offset paging agrees with the cursor pages
          const byOffset = await http
            .get(`/api/cases?unitId=${w.town.id}&sort=${sort}&pageSize=4&page=${offsetPage++}`)
            .set(bearer(w.adminToken))
            .expect(200);
          expect((byOffset.body.items as CaseDto[]).map((c) => c.id)).toEqual(
            (res.body.items as CaseDto[]).map((c) => c.id),
          );
          cursor = res.body.nextCursor;
        } while (cursor);
        expect(seen).toEqual(expected);
      }
    });
  });

  describe('extension requests (延期申请)', () => {
    const extensionNotices = (caseId: string): Promise<{ kind: string; user_id: string }[]> =>
      api.ds.query(
        `SELECT kind, user_id FROM notifications WHERE case_id = $1 AND kind LIKE 'extension%' ORDER BY created_at, kind`,
        [caseId],
      );

    it('the holder asks, the unit above approves: the resolve-by moves and its check is queued anew; one per level', async () => {
      const c = await atCountyBureau();
      const until = plus(c.resolveBy, DAY);
      // limits: beyond 5 working days, before the current deadline, no reason
      expectProblem(
        await askExtension(w.tokens.officer, c, plus(c.resolveBy, 10 * DAY), '需协调'),
        409,
        'CASE.EXTENSION_LIMIT',
      );
      expectProblem(
        await askExtension(w.tokens.officer, c, plus(c.resolveBy, -DAY), '需协调'),
        400,
        'CASE.EXTENSION_INVALID',
      );
      expectProblem(
        await act(http, w.tokens.officer, c, { action: 'request_extension', until }),
        400,
        'CASE.FIELD_REQUIRED',
      );
      expectProblem(await askExtension(w.tokens.officer, c, 'tomorrow', '需协调'), 400);
      // not the holder
      expectProblem(
        await askExtension(w.tokens.manager, c, until, '需协调'),
        403,
        'CASE.NOT_IN_JURISDICTION',
      );

      const asked = await step(w.tokens.officer, c, {
        action: 'request_extension',
        reason: '需协调外部单位',
        until,
      });
      expect(asked).toMatchObject({ extensionUntil: until, resolveBy: c.resolveBy });
      expect(asked.allowedActions).not.toContain('request_extension');
      expectProblem(
        await askExtension(w.tokens.officer, asked, until, '再申请'),
        409,
        'CASE.EXTENSION_PENDING',
      );
      // the holder cannot approve his own request; a manager outside cannot see the case
      expectProblem(await act(http, w.tokens.officer, asked, { action: 'approve_extension' }), 403);
      expectProblem(await act(http, w.tokens.otherManager, asked, { action: 'approve_extension' }), 404);
      expect((await getCase(http, w.tokens.manager, c.id)).allowedActions).toEqual(
        expect.arrayContaining(['approve_extension', 'deny_extension']),
      );

      const approved = await step(w.tokens.manager, asked, { action: 'approve_extension', reason: '同意' });
      expect(approved).toMatchObject({ resolveBy: until, extensionUntil: null, extendedLevels: [1] });
      expect(approved.events?.map((e) => e.type).slice(-2)).toEqual([
        'request_extension',
        'approve_extension',
      ]);
      const jobs: { payload: { dueAt: string; deadline: string } }[] = await api.ds.query(
        `SELECT payload FROM outbox WHERE name = 'deadline.check' AND payload->>'caseId' = $1 AND payload->>'deadline' = 'resolve'`,
        [c.id],
      );
      expect(jobs.map((j) => j.payload.dueAt)).toEqual(expect.arrayContaining([c.resolveBy, until]));
      // one extension per level
      expectProblem(
        await askExtension(w.tokens.officer, approved, plus(until, DAY), '再延期'),
        409,
        'CASE.EXTENSION_LIMIT',
      );
      const [{ n }] = await api.ds.query(
        `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'approve_extension'`,
        [c.id],
      );
      expect(n).toBe(1);
      // the request told the managers above the bureau (who decide it), the decision told who asked
      expect(await extensionNotices(c.id)).toEqual([
        { kind: 'extension_requested', user_id: w.users['manager']?.id },
        { kind: 'extension_approved', user_id: w.users['officer']?.id },
      ]);
    });

    it('a denial needs a reason and leaves the deadline; the holder may ask again', async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      const until = plus(c.resolveBy, DAY);
      const asked = await step(w.tokens.coordinator, c, {
        action: 'request_extension',
        reason: '企业停产',
        until,
      });
      expectProblem(
        await act(http, w.tokens.manager, asked, { action: 'deny_extension' }),
        400,
        'CASE.FIELD_REQUIRED',
      );
      const denied = await step(w.tokens.manager, asked, { action: 'deny_extension', reason: '可按期办结' });
      expect(denied).toMatchObject({ resolveBy: c.resolveBy, extensionUntil: null, extendedLevels: [] });
      expectProblem(
        await act(http, w.tokens.manager, denied, { action: 'approve_extension' }),
        409,
        'CASE.NO_EXTENSION_PENDING',
      );
      expect((await getCase(http, w.tokens.coordinator, c.id)).allowedActions).toContain('request_extension');
      expect(await extensionNotices(c.id)).toEqual([
        { kind: 'extension_requested', user_id: w.users['manager']?.id },
        { kind: 'extension_denied', user_id: w.users['coordinator']?.id },
      ]);
    });

    it("takes the limit from the deadline policy's maxExtensionDays (kept when a PUT leaves it out)", async () => {
      const policies = (await http.get('/api/deadline-policies').set(bearer(w.adminToken)).expect(200))
        .body as {
        level: number;
        priority: string;
        maxExtensionDays?: number;
      }[];
      const county = policies.find((p) => p.level === 1 && p.priority === 'normal');
      expect(county?.maxExtensionDays).toBe(5);
      try {
        await http
          .put('/api/deadline-policies')
          .set(bearer(w.adminToken))
          .send([{ ...county, maxExtensionDays: 1 }])
          .expect(200);
        const { maxExtensionDays: _, ...without } = county as Record<string, unknown>;
        const again = await http
          .put('/api/deadline-policies')
          .set(bearer(w.adminToken))
          .send([without])
          .expect(200);
        expect(
          again.body.find(
            (p: { level: number; priority: string }) => p.level === 1 && p.priority === 'normal',
          ).maxExtensionDays,
        ).toBe(1);
        const c = await atCountyBureau();
        expectProblem(
          await askExtension(w.tokens.officer, c, plus(c.resolveBy, 4 * DAY), '需协调'),
          409,
          'CASE.EXTENSION_LIMIT',
        );
      } finally {
        await http
          .put('/api/deadline-policies')
          .set(bearer(w.adminToken))
          .send([{ ...county, maxExtensionDays: 5 }])
          .expect(200);
      }
    });

    it('a pending request lapses when the case is escalated', async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      const asked = await step(w.tokens.coordinator, c, {
        action: 'request_extension',
        reason: '企业停产',
        until: plus(c.resolveBy, DAY),
      });
      const escalated = await step(w.tokens.coordinator, asked, {
        action: 'escalate',
        reason: '镇级无法协调',
      });
      expect(escalated.extensionUntil).toBeNull();
    });
  });

  describe('follow-through', () => {
    it('the town coordinator and the instructor may comment on and urge a case the town escalated; others may not', async () => {
      const c = await atCountyBureau();
      for (const token of [w.tokens.coordinator, w.tokens.instructor]) {
        expect((await getCase(http, token, c.id)).allowedActions).toEqual(['comment', 'urge']);
      }
      const urged = await step(w.tokens.coordinator, c, { action: 'urge', reason: '企业催问，请尽快办结' });
      const commented = await step(w.tokens.instructor, urged, {
        action: 'comment',
        comment: '企业已补充材料',
      });
      expect(commented.events?.slice(-2).map((e) => [e.type, e.actorId])).toEqual([
        ['urge', id('coordinator')],
        ['comment', id('instructor')],
      ]);
      expectProblem(await act(http, w.tokens.otherCoordinator, commented, { action: 'urge' }), 404);
      // at the town, a coordinator does not urge his own case
      const atTown = await openCase(http, w.tokens.instructor, w.enterprise.id);
      expectProblem(await act(http, w.tokens.coordinator, atTown, { action: 'urge' }), 403);
    });

    it('GET /api/cases/:id/escalation-target names the bureau the routing rules give, or says why there is none', async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      const res = await http
        .get(`/api/cases/${c.id}/escalation-target`)
        .set(bearer(w.tokens.coordinator))
        .expect(200);
      expect(res.body).toEqual({ unitId: w.countyLabor.id, unitName: w.countyLabor.name, level: 1 });
      await http
        .get(`/api/cases/${c.id}/escalation-target`)
        .set(bearer(w.tokens.otherCoordinator))
        .expect(404);
      const atCounty = await step(w.tokens.coordinator, c, { action: 'escalate', reason: '镇级无法协调' });
      expect(
        (await http.get(`/api/cases/${c.id}/escalation-target`).set(bearer(w.tokens.officer)).expect(200))
          .body,
      ).toMatchObject({
        unitId: w.cityLabor.id,
        level: 2,
      });
      await step(w.tokens.officer, atCounty, { action: 'escalate', reason: '县级无法协调' });
      expectProblem(
        await http.get(`/api/cases/${c.id}/escalation-target`).set(bearer(w.tokens.cityOfficer)),
        409,
        'CASE.TOP_LEVEL',
      );
      // transport: a county rule, none at the city
      const transport = await openCase(http, w.tokens.instructor, w.enterprise.id, {
        categoryCode: 'transport',
      });
      await step(w.tokens.coordinator, transport, { action: 'escalate', reason: '镇级无法协调' });
      expectProblem(
        await http.get(`/api/cases/${transport.id}/escalation-target`).set(bearer(w.tokens.otherOfficer)),
        409,
        'CASE.NO_ROUTE',
      );
    });

    it('a return needs a reason and records the bureau that returned the case', async () => {
      const c = await atCountyBureau();
      expectProblem(await act(http, w.tokens.officer, c, { action: 'return' }), 400, 'CASE.FIELD_REQUIRED');
      const returned = await step(w.tokens.officer, c, { action: 'return', reason: '不属人社职责' });
      expect(returned).toMatchObject({ level: 0, unitId: w.town.id, returnedFromUnitId: w.countyLabor.id });
    });
  });

  describe('POST /api/cases/bulk-actions', () => {
    it('assigns many cases, one result per row: a case outside the jurisdiction fails alone', async () => {
      const mine = [
        await openCase(http, w.tokens.instructor, w.enterprise.id),
        await openCase(http, w.tokens.instructor, w.enterprise.id),
      ];
      const foreign = await openCase(http, w.tokens.otherInstructor, w.otherEnterprise.id);
      const res = await http
        .post('/api/cases/bulk-actions')
        .set(bearer(w.tokens.coordinator))
        .send({
          action: 'assign',
          caseIds: [mine[0]?.id, foreign.id, mine[1]?.id],
          assigneeId: id('coordinator2'),
        })
        .expect(200);
      expect(res.body.results).toEqual([
        { caseId: mine[0]?.id, ok: true, status: 'in_progress', version: 2 },
        { caseId: foreign.id, ok: false, code: 'CASE.NOT_FOUND', error: expect.any(String) },
        { caseId: mine[1]?.id, ok: true, status: 'in_progress', version: 2 },
      ]);
      expect((await getCase(http, w.tokens.coordinator, mine[0]?.id)).assigneeId).toBe(id('coordinator2'));
      expect((await getCase(http, w.tokens.otherCoordinator, foreign.id)).assigneeId).toBeNull();
    });

    it('urges many cases: the manager may, a coordinator only those his town escalated', async () => {
      const atTown = await openCase(http, w.tokens.instructor, w.enterprise.id);
      const escalated = await atCountyBureau();
      const byManager = await http
        .post('/api/cases/bulk-actions')
        .set(bearer(w.tokens.manager))
        .send({ action: 'urge', caseIds: [atTown.id, escalated.id], reason: '请本周内办结' })
        .expect(200);
      expect(byManager.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
      const byCoordinator = await http
        .post('/api/cases/bulk-actions')
        .set(bearer(w.tokens.coordinator))
        .send({ action: 'urge', caseIds: [atTown.id, escalated.id] })
        .expect(200);
      expect(byCoordinator.body.results).toEqual([
        { caseId: atTown.id, ok: false, code: 'CASE.NOT_IN_JURISDICTION', error: expect.any(String) },
        { caseId: escalated.id, ok: true, status: 'in_progress', version: escalated.version + 2 },
      ]);
    });

    it('refuses a malformed request as a whole', async () => {
      expectProblem(
        await http
          .post('/api/cases/bulk-actions')
          .set(bearer(w.tokens.coordinator))
          .send({ action: 'resolve', caseIds: [] }),
        400,
      );
      expectProblem(
        await http
          .post('/api/cases/bulk-actions')
          .set(bearer(w.tokens.coordinator))
          .send({ action: 'urge', caseIds: ['x'] }),
        400,
      );
    });
  });

  describe('GET /api/units/:id/assignees', () => {
    it('finds the people of the unit by name, each with his open cases, inside the jurisdiction only', async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await step(w.tokens.coordinator, c, { action: 'assign', assigneeId: id('coordinator2') });
      const [{ n }] = await api.ds.query(
        `SELECT count(*)::int AS n FROM cases WHERE assignee_id = $1 AND status IN ('open', 'in_progress', 'escalated')`,
        [id('coordinator2')],
      );
      const res = await http
        // his whole user name: 'coordinator2' alone also finds 'coordinator' when the world's tag starts with 2
        .get(`/api/units/${w.town.id}/assignees?q=${encodeURIComponent(w.users['coordinator2'].username)}`)
        .set(bearer(w.tokens.coordinator))
        .expect(200);
      expect(res.body).toMatchObject({ total: 1, page: 1 });
      expect(res.body.items).toEqual([
        expect.objectContaining({ id: id('coordinator2'), role: 'coordinator', openCases: n }),
      ]);
      expect(n).toBeGreaterThan(0);
      const all = await http
        .get(`/api/units/${w.town.id}/assignees`)
        .set(bearer(w.tokens.manager))
        .expect(200);
      expect(all.body.items.map((u: { id: string }) => u.id)).toEqual(
        expect.arrayContaining([id('coordinator'), id('coordinator2')]),
      );
      expect(all.body.items.map((u: { id: string }) => u.id)).not.toContain(id('instructor'));
      expectProblem(
        await http.get(`/api/units/${w.town.id}/assignees`).set(bearer(w.tokens.otherCoordinator)),
        404,
      );
      expectProblem(
        await http.get(`/api/units/${w.town.id}/assignees`).set(bearer(w.tokens.otherManager)),
        404,
      );
      expectProblem(
        await http.get(`/api/units/${w.town.id}/assignees`).set(bearer(w.tokens.instructor)),
        404,
      );
    });
  });
});
