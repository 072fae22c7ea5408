import type { CaseDto, DeadlinePolicyDto } from '@taizhang/contracts';
import { CaseLevel, CasePriority, WorkCalendar, computeDeadlines, ledgerYear } from '@taizhang/domain';
import { actOk, bearer, getCase, openCase, useWorld } from './harness';

/** The buttons the town's coordinator has on an open case of his town. */
const COORDINATOR_ON_OPEN = ['assign', 'escalate', 'comment', 'cancel', 'request_extension'];

describe('case lifecycle', () => {
  let policies: DeadlinePolicyDto[];

  const { api, http, w, id } = useWorld({ foldAfterEach: true });
  let calendar: WorkCalendar;
  beforeEach(async () => {
    policies = (await http.get('/api/deadline-policies').set(bearer(w.adminToken)).expect(200)).body;
    // holidays and make-up working days, if this schema keeps a calendar
    const days: { day: string; kind: string }[] = (
      await api.ds.query(`SELECT to_regclass('work_calendar_days') IS NOT NULL AS present`)
    )[0].present
      ? await api.ds.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM work_calendar_days`)
      : [];
    calendar = {
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
      makeupWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
    };
  });

  const name = (key: string) => (w.users[key] as { displayName: string }).displayName;

  /** Acts and expects 200; answers the updated case. */
  async function step(token: string, c: CaseDto, body: Record<string, unknown>): Promise<CaseDto> {
    const next = await actOk(http, token, c, body);
    expect(next.version).toBe(c.version + 1);
    return next;
  }

  const allowed = async (token: string, caseId: string) =>
    (await http.get(`/api/cases/${caseId}`).set(bearer(token)).expect(200)).body.allowedActions;
  const hidden = async (token: string, caseId: string) =>
    http.get(`/api/cases/${caseId}`).set(bearer(token)).expect(404);

  /** The deadlines the policy (and the holiday calendar, where there is one) give a case that arrived at `level` at `at`. */
  function expectedDeadlines(at: string, level: CaseLevel, priority: CasePriority = 'normal') {
    const p = policies.find((x) => x.level === level && x.priority === priority) as DeadlinePolicyDto;
    const d = computeDeadlines(new Date(at), p, calendar);
    return { respondBy: d.respondBy.toISOString(), resolveBy: d.resolveBy.toISOString() };
  }

  const lastEvent = (c: CaseDto) => (c.events ?? [])[(c.events ?? []).length - 1];

  describe('POST /api/cases', () => {
    it('lets an instructor open a case for his enterprise: open at the town, numbered, with deadlines and an open event', async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id, {
        title: '  返岗员工不足  ',
        description: '缺少焊工20名',
      });
      expect(c).toMatchObject({
        enterpriseId: w.enterprise.id,
        enterprise: { id: w.enterprise.id, name: w.enterprise.name },
        categoryCode: 'labor',
        title: '返岗员工不足',
        description: '缺少焊工20名',
        priority: 'normal',
        status: 'open',
        level: 0,
        unitId: w.town.id,
        assigneeId: null,
        overdue: false,
        resolution: null,
        satisfied: null,
        rating: null,
        ratingComment: null,
        confirmedBy: null,
        openedById: id('instructor'),
        resolvedAt: null,
        closedAt: null,
        version: 1,
      });
      expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(c.openedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(c.ledgerNo).toMatch(new RegExp(`^${w.town.code}-${ledgerYear(new Date(c.openedAt))}-\\d{4}$`));
      expect(c.respondBy).toBeTruthy();
      expect(c.resolveBy).toBeTruthy();
      expect({ respondBy: c.respondBy, resolveBy: c.resolveBy }).toEqual(expectedDeadlines(c.openedAt, 0));
      expect(new Date(c.respondBy as string).getTime()).toBeGreaterThan(new Date(c.openedAt).getTime());
      expect(new Date(c.resolveBy as string).getTime()).toBeGreaterThanOrEqual(
        new Date(c.respondBy as string).getTime(),
      );
      expect(c.events).toEqual([
        expect.objectContaining({
          type: 'open',
          actorId: id('instructor'),
          actorName: name('instructor'),
          at: c.openedAt,
          fromStatus: null,
          toStatus: 'open',
          fromUnitId: null,
          toUnitId: w.town.id,
          reason: null,
        }),
      ]);
      expect(c.allowedActions).toEqual(['comment', 'cancel']);
    });

    it('numbers the cases of a town consecutively', async () => {
      const a = await openCase(http, w.tokens.instructor, w.enterprise.id);
      const b = await openCase(http, w.tokens.coordinator, w.enterprise.id);
      const seq = (c: CaseDto) => Number(c.ledgerNo.slice(-4));
      expect(seq(b)).toBe(seq(a) + 1);
      expect(b.openedById).toBe(id('coordinator'));
    });

    it('numbers each town on its own', async () => {
      const other = await openCase(http, w.tokens.otherInstructor, w.otherEnterprise.id);
      expect(other.ledgerNo).toMatch(new RegExp(`^${w.otherTown.code}-\\d{4}-0001$`));
      expect(other.unitId).toBe(w.otherTown.id);
    });

    it('lets a coordinator open a case for an enterprise of his town, and an admin for any', async () => {
      const byCoordinator = await openCase(http, w.tokens.coordinator, w.enterprise.id, {
        priority: 'urgent',
      });
      expect(byCoordinator).toMatchObject({
        status: 'open',
        unitId: w.town.id,
        priority: 'urgent',
        openedById: id('coordinator'),
      });
      expect({ respondBy: byCoordinator.respondBy, resolveBy: byCoordinator.resolveBy }).toEqual(
        expectedDeadlines(byCoordinator.openedAt, 0, 'urgent'),
      );
      const byAdmin = await openCase(http, w.adminToken, w.otherEnterprise.id, { categoryCode: 'transport' });
      expect(byAdmin).toMatchObject({ status: 'open', unitId: w.otherTown.id, categoryCode: 'transport' });
    });

    it('shows each role the actions it may take on a new case', async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      expect(await allowed(w.tokens.instructor, c.id)).toEqual(['comment', 'cancel']);
      expect(await allowed(w.tokens.coordinator, c.id)).toEqual(COORDINATOR_ON_OPEN);
      expect(await allowed(w.tokens.manager, c.id)).toEqual(['comment', 'urge']);
      expect(await allowed(w.adminToken, c.id)).toEqual([
        'assign',
        'escalate',
        'comment',
        'urge',
        'cancel',
        'request_extension',
      ]);
      await hidden(w.tokens.officer, c.id); // not (yet) at his bureau
    });
  });

  describe('POST /api/cases/:id/actions at the town', () => {
    it('assign → resolve → confirm: the coordinator works the case, the instructor closes it (销号)', async () => {
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      c = await step(w.tokens.coordinator, c, {
        action: 'assign',
        assigneeId: id('coordinator2'),
        reason: '请跟进',
      });
      expect(c).toMatchObject({
        status: 'in_progress',
        level: 0,
        unitId: w.town.id,
        assigneeId: id('coordinator2'),
        version: 2,
      });
      expect(c.allowedActions).toEqual(['assign', 'escalate', 'resolve', 'comment', 'request_extension']);
      expect(await allowed(w.tokens.instructor, c.id)).toEqual(['comment']);

      c = await step(w.tokens.coordinator, c, { action: 'resolve', resolution: '已对接人社所招聘焊工20名' });
      expect(c).toMatchObject({ status: 'resolved', resolution: '已对接人社所招聘焊工20名', version: 3 });
      expect(c.resolvedAt).toBe(lastEvent(c).at);
      expect(c.closedAt).toBeNull();
      expect(c.allowedActions).toEqual(['comment']);
      expect(await allowed(w.tokens.instructor, c.id)).toEqual(['confirm', 'reopen', 'comment']);
      expect(await allowed(w.tokens.manager, c.id)).toEqual(['comment']);

      c = await step(w.tokens.instructor, c, { action: 'confirm', rating: 4, comment: '企业满意' });
      expect(c).toMatchObject({
        status: 'closed',
        satisfied: true,
        rating: 4,
        ratingComment: '企业满意',
        confirmedBy: 'staff',
        version: 4,
      });
      expect(c.closedAt).toBe(lastEvent(c).at);
      expect(c.allowedActions).toEqual(['comment']);
      expect(await allowed(w.tokens.coordinator, c.id)).toEqual(['comment']);

      expect(c.events?.map((e) => [e.type, e.actorName, e.fromStatus, e.toStatus])).toEqual([
        ['open', name('instructor'), null, 'open'],
        ['assign', name('coordinator'), 'open', 'in_progress'],
        ['resolve', name('coordinator'), 'in_progress', 'resolved'],
        ['confirm', name('instructor'), 'resolved', 'closed'],
      ]);
      const [, assign, resolve, confirm] = c.events ?? [];
      expect(assign).toMatchObject({
        reason: '请跟进',
        payload: { assigneeId: id('coordinator2') },
        fromUnitId: w.town.id,
        toUnitId: w.town.id,
      });
      expect(resolve?.payload).toMatchObject({ resolution: '已对接人社所招聘焊工20名' });
      expect(confirm?.payload).toMatchObject({
        satisfied: true,
        rating: 4,
        ratingComment: '企业满意',
        confirmedBy: 'staff',
        comment: '企业满意',
      });
      const times = (c.events ?? []).map((e) => new Date(e.at).getTime());
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    });

    it('lets the assignee resolve and the instructor reopen with a reason (not satisfied), then closes it', async () => {
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      c = await step(w.tokens.coordinator, c, { action: 'assign', assigneeId: id('coordinator') });
      c = await step(w.tokens.coordinator, c, { action: 'resolve', resolution: '已协调' });
      const firstResolveBy = c.resolveBy;
      c = await step(w.tokens.instructor, c, {
        action: 'reopen',
        reason: '企业不满意：人员仍未到岗',
        rating: 2,
      });
      expect(c).toMatchObject({
        status: 'in_progress',
        satisfied: false,
        rating: 2,
        ratingComment: '企业不满意：人员仍未到岗',
        resolvedAt: null,
        unitId: w.town.id,
        level: 0,
        assigneeId: id('coordinator'),
      });
      const reopen = lastEvent(c);
      expect(reopen).toMatchObject({
        type: 'reopen',
        reason: '企业不满意：人员仍未到岗',
        fromStatus: 'resolved',
        toStatus: 'in_progress',
        actorName: name('instructor'),
      });
      // a reopened case gets a fresh resolution deadline from the moment it was reopened
      expect(c.resolveBy).toBe(expectedDeadlines(reopen.at, 0).resolveBy);
      expect(c.resolveBy).not.toBe(firstResolveBy);
      expect(reopen.payload).toMatchObject({ resolveBy: c.resolveBy });

      c = await step(w.tokens.coordinator, c, { action: 'resolve', resolution: '焊工已到岗' });
      c = await step(w.tokens.instructor, c, { action: 'confirm', rating: 5 });
      expect(c).toMatchObject({
        status: 'closed',
        satisfied: true,
        rating: 5,
        ratingComment: null,
        resolution: '焊工已到岗',
      });
      expect(c.events?.map((e) => e.type)).toEqual([
        'open',
        'assign',
        'resolve',
        'reopen',
        'resolve',
        'confirm',
      ]);
    });

    it('lets a manager urge (督办) and comment, and the instructor comment, without changing the status', async () => {
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      c = await step(w.tokens.manager, c, { action: 'urge', reason: '请今日内答复' });
      expect(c).toMatchObject({ status: 'open', level: 0, unitId: w.town.id, version: 2 });
      expect(lastEvent(c)).toMatchObject({
        type: 'urge',
        reason: '请今日内答复',
        fromStatus: 'open',
        toStatus: 'open',
        actorName: name('manager'),
      });
      c = await step(w.tokens.manager, c, { action: 'comment', comment: '县领导关注' });
      expect(lastEvent(c)).toMatchObject({
        type: 'comment',
        payload: { comment: '县领导关注' },
        actorName: name('manager'),
        toStatus: 'open',
      });
      c = await step(w.tokens.instructor, c, { action: 'comment', comment: '企业已补充材料' });
      expect(lastEvent(c)).toMatchObject({
        type: 'comment',
        payload: { comment: '企业已补充材料' },
        actorName: name('instructor'),
      });
      expect(c).toMatchObject({ status: 'open', version: 4 });
      expect(c.events?.map((e) => e.type)).toEqual(['open', 'urge', 'comment', 'comment']);
      expect(c.allowedActions).toEqual(['comment', 'cancel']);
    });

    it('lets the opener cancel an open case with a reason', async () => {
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      c = await step(w.tokens.instructor, c, { action: 'cancel', reason: '重复登记' });
      expect(c).toMatchObject({ status: 'cancelled', level: 0, unitId: w.town.id });
      expect(lastEvent(c)).toMatchObject({
        type: 'cancel',
        reason: '重复登记',
        fromStatus: 'open',
        toStatus: 'cancelled',
        actorName: name('instructor'),
      });
      expect(c.allowedActions).toEqual(['comment']);
      expect(await allowed(w.tokens.coordinator, c.id)).toEqual(['comment']);
      expect(await allowed(w.tokens.manager, c.id)).toEqual(['comment']);
    });

    it('lets the town coordinator cancel an open case of his town', async () => {
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      c = await step(w.tokens.coordinator, c, { action: 'cancel', reason: '企业撤回' });
      expect(c.status).toBe('cancelled');
    });
  });

  describe('escalation through the bureaus', () => {
    it('town → county bureau → city bureau → returned to the county → resolved → confirmed', async () => {
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      const townDeadlines = { respondBy: c.respondBy, resolveBy: c.resolveBy };

      // the town cannot solve it: to the county labor bureau by the routing rule
      c = await step(w.tokens.coordinator, c, { action: 'escalate', reason: '本镇无法解决，需县人社局协调' });
      expect(c).toMatchObject({ status: 'escalated', level: 1, unitId: w.countyLabor.id, assigneeId: null });
      let e = lastEvent(c);
      expect(e).toMatchObject({
        type: 'escalate',
        fromUnitId: w.town.id,
        toUnitId: w.countyLabor.id,
        fromStatus: 'open',
        toStatus: 'escalated',
        reason: '本镇无法解决，需县人社局协调',
      });
      expect({ respondBy: c.respondBy, resolveBy: c.resolveBy }).toEqual(expectedDeadlines(e.at, 1));
      expect(c.respondBy).not.toBe(townDeadlines.respondBy);
      expect(c.resolveBy).not.toBe(townDeadlines.resolveBy);
      expect(e.payload).toMatchObject({ level: 1, respondBy: c.respondBy, resolveBy: c.resolveBy });
      // the bureau's now; the town's coordinator follows it through: comment and 督办 (issue 14)
      expect(c.allowedActions).toEqual(['comment', 'urge']);
      expect(await allowed(w.tokens.officer, c.id)).toEqual([
        'assign',
        'accept',
        'escalate',
        'return',
        'comment',
        'request_extension',
      ]);
      await hidden(w.tokens.cityOfficer, c.id);
      await hidden(w.tokens.otherOfficer, c.id);

      // the county bureau officer accepts it
      c = await step(w.tokens.officer, c, { action: 'accept' });
      expect(c).toMatchObject({
        status: 'in_progress',
        level: 1,
        unitId: w.countyLabor.id,
        assigneeId: id('officer'),
      });
      expect(c.allowedActions).toEqual([
        'assign',
        'escalate',
        'return',
        'resolve',
        'comment',
        'request_extension',
      ]);

      // … and escalates it further: to the city labor bureau
      const countyDeadlines = { respondBy: c.respondBy, resolveBy: c.resolveBy };
      c = await step(w.tokens.officer, c, { action: 'escalate', reason: '需市级统筹' });
      expect(c).toMatchObject({ status: 'escalated', level: 2, unitId: w.cityLabor.id, assigneeId: null });
      e = lastEvent(c);
      expect(e).toMatchObject({
        type: 'escalate',
        fromUnitId: w.countyLabor.id,
        toUnitId: w.cityLabor.id,
        fromStatus: 'in_progress',
      });
      expect({ respondBy: c.respondBy, resolveBy: c.resolveBy }).toEqual(expectedDeadlines(e.at, 2));
      expect(new Date(c.resolveBy as string).getTime()).toBeGreaterThanOrEqual(
        new Date(countyDeadlines.resolveBy as string).getTime(),
      );
      expect(c.allowedActions).toEqual([]); // the county officer still sees it (it was at his bureau), but it is not his now
      expect(await allowed(w.tokens.cityOfficer, c.id)).toEqual([
        'assign',
        'accept',
        'return',
        'comment',
        'request_extension',
      ]); // no escalate at the top

      // the city officer returns it: back to the county bureau, still escalated
      c = await step(w.tokens.cityOfficer, c, { action: 'return', reason: '属县级事权' });
      expect(c).toMatchObject({ status: 'escalated', level: 1, unitId: w.countyLabor.id, assigneeId: null });
      e = lastEvent(c);
      expect(e).toMatchObject({
        type: 'return',
        reason: '属县级事权',
        fromUnitId: w.cityLabor.id,
        toUnitId: w.countyLabor.id,
        toStatus: 'escalated',
        actorName: name('cityOfficer'),
      });
      expect({ respondBy: c.respondBy, resolveBy: c.resolveBy }).toEqual(expectedDeadlines(e.at, 1));
      expect(c.allowedActions).toEqual([]);

      // the county officer accepts and resolves it; the instructor confirms
      c = await step(w.tokens.officer, c, { action: 'accept', reason: '已接收' });
      c = await step(w.tokens.officer, c, { action: 'resolve', resolution: '县人社局组织专场招聘会' });
      expect(c).toMatchObject({
        status: 'resolved',
        level: 1,
        unitId: w.countyLabor.id,
        resolution: '县人社局组织专场招聘会',
      });
      c = await step(w.tokens.instructor, c, { action: 'confirm', rating: 5 });
      expect(c).toMatchObject({
        status: 'closed',
        satisfied: true,
        level: 1,
        unitId: w.countyLabor.id,
        version: 8,
      });

      expect(c.events?.map((x) => [x.type, x.actorName, x.toStatus, x.toUnitId])).toEqual([
        ['open', name('instructor'), 'open', w.town.id],
        ['escalate', name('coordinator'), 'escalated', w.countyLabor.id],
        ['accept', name('officer'), 'in_progress', w.countyLabor.id],
        ['escalate', name('officer'), 'escalated', w.cityLabor.id],
        ['return', name('cityOfficer'), 'escalated', w.countyLabor.id],
        ['accept', name('officer'), 'in_progress', w.countyLabor.id],
        ['resolve', name('officer'), 'resolved', w.countyLabor.id],
        ['confirm', name('instructor'), 'closed', w.countyLabor.id],
      ]);
      // everyone who held it still sees it
      for (const t of [
        w.tokens.instructor,
        w.tokens.coordinator,
        w.tokens.officer,
        w.tokens.cityOfficer,
        w.tokens.manager,
      ]) {
        expect((await getCase(http, t, c.id)).status).toBe('closed');
      }
      const hops = await api.ds.query(
        `SELECT unit_id, level, left_at FROM case_hops WHERE case_id = $1 ORDER BY arrived_at, id`,
        [c.id],
      );
      expect(hops.map((h: { unit_id: string }) => h.unit_id)).toEqual([
        w.town.id,
        w.countyLabor.id,
        w.cityLabor.id,
        w.countyLabor.id,
      ]);
      expect(hops.every((h: { left_at: unknown }) => h.left_at !== null)).toBe(true);
    });

    it('a county bureau returns a case to the town: open again at level 0, with town deadlines', async () => {
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      c = await step(w.tokens.coordinator, c, { action: 'assign', assigneeId: id('coordinator2') });
      c = await step(w.tokens.coordinator, c, { action: 'escalate', reason: '需县里协调' });
      c = await step(w.tokens.officer, c, { action: 'return', reason: '非本局职责，请镇里处理' });
      expect(c).toMatchObject({ status: 'open', level: 0, unitId: w.town.id, assigneeId: null });
      const e = lastEvent(c);
      expect(e).toMatchObject({
        type: 'return',
        fromStatus: 'escalated',
        toStatus: 'open',
        fromUnitId: w.countyLabor.id,
        toUnitId: w.town.id,
      });
      expect({ respondBy: c.respondBy, resolveBy: c.resolveBy }).toEqual(expectedDeadlines(e.at, 0));
      expect(c.allowedActions).toEqual([]); // the officer keeps sight of it, nothing more
      expect(await allowed(w.tokens.coordinator, c.id)).toEqual(COORDINATOR_ON_OPEN);
      c = await getCase(http, w.tokens.coordinator, c.id);
      c = await step(w.tokens.coordinator, c, { action: 'assign', assigneeId: id('coordinator') });
      c = await step(w.tokens.coordinator, c, { action: 'resolve', resolution: '镇里已解决' });
      c = await step(w.tokens.instructor, c, { action: 'confirm', rating: 3, comment: '勉强接受' });
      expect(c).toMatchObject({ status: 'closed', satisfied: false, rating: 3 });
      expect(c.events?.map((x) => x.type)).toEqual([
        'open',
        'assign',
        'escalate',
        'return',
        'assign',
        'resolve',
        'confirm',
      ]);
    });

    it('a key enterprise counts as urgent: its deadlines are the urgent ones at every level', async () => {
      const res = await http
        .patch(`/api/enterprises/${w.otherEnterprise.id}`)
        .set(bearer(w.adminToken))
        .send({ key: true })
        .expect(200);
      expect(res.body.key).toBe(true);
      let c = await openCase(http, w.tokens.otherInstructor, w.otherEnterprise.id);
      expect(c.priority).toBe('normal');
      expect({ respondBy: c.respondBy, resolveBy: c.resolveBy }).toEqual(
        expectedDeadlines(c.openedAt, 0, 'urgent'),
      );
      c = await step(w.tokens.otherCoordinator, c, { action: 'escalate', reason: '缺工严重' });
      expect(c.unitId).toBe(w.countyLabor.id);
      expect({ respondBy: c.respondBy, resolveBy: c.resolveBy }).toEqual(
        expectedDeadlines(lastEvent(c).at, 1, 'urgent'),
      );
    });
  });

  describe('the audit ledger', () => {
    it('is append-only: UPDATE and DELETE of case events are refused by the database', async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await expect(
        api.ds.query(`UPDATE case_events SET reason = 'rewritten' WHERE case_id = $1`, [c.id]),
      ).rejects.toThrow(/append-only/);
      await expect(api.ds.query(`DELETE FROM case_events WHERE case_id = $1`, [c.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(api.ds.query(`DELETE FROM cases WHERE id = $1`, [c.id])).rejects.toThrow(/foreign key/); // nor through its case
      const events = await api.ds.query(`SELECT type, reason FROM case_events WHERE case_id = $1`, [c.id]);
      expect(events).toEqual([{ type: 'open', reason: null }]);
    });
  });
});
