import type { CaseDto, EnterpriseDto } from '@taizhang/contracts';
import {
  act,
  bearer,
  caseFootprint,
  creditCode,
  expectProblem,
  getCase,
  openCase,
  useWorld,
} from './harness';

describe('common problems (共性问题)', () => {
  let ents: EnterpriseDto[];
  const { api, http, w } = useWorld({ foldAfterEach: true });
  beforeAll(async () => {
    // three more enterprises of the town, all the instructor's
    ents = [];
    for (const name of ['郭店甲厂', '郭店乙厂', '郭店丙厂']) {
      const res = await http
        .post('/api/enterprises')
        .set(bearer(w.adminToken))
        .send({
          name: `${name}${w.tag}`,
          creditCode: creditCode(),
          scale: 'below',
          industry: '装备制造',
          unitId: w.town.id,
          address: '工业园区2号',
          contactName: '李四',
          contactPhone: '13800000001',
          key: false,
          resumption: 'resumed',
          headcount: 50,
          returnedHeadcount: 30,
          instructorIds: [w.users['instructor']?.id],
        });
      if (res.status !== 201) throw new Error(`enterprise: ${res.status} ${JSON.stringify(res.body)}`);
      ents.push(res.body as EnterpriseDto);
    }
  });

  const shortOfWorkers = (e: EnterpriseDto, title: string, extra: Record<string, unknown> = {}) =>
    openCase(http, w.tokens.instructor, e.id, {
      title,
      description: '外地员工返岗率低，生产线缺人',
      ...extra,
    });
  const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
  /** POST /api/common-problems as `token`: a group of these cases. */
  const group = (token: string, title: string, caseIds: unknown[]) =>
    http.post('/api/common-problems').set(bearer(token)).send({ title, caseIds });
  /** One action for every member of the group, as `token`. */
  const actOnGroup = (token: string, groupId: string, body: Record<string, unknown>) =>
    http.post(`/api/common-problems/${groupId}/actions`).set(bearer(token)).send(body);

  describe('suggestions', () => {
    let a: CaseDto, b: CaseDto, c: CaseDto;
    let unlike: CaseDto, otherCategory: CaseDto, cancelled: CaseDto, otherTown: CaseDto;
    beforeAll(async () => {
      a = await shortOfWorkers(ents[0], `返岗员工不足，急需招聘普工30名 ${w.tag}s`);
      b = await shortOfWorkers(ents[1], '员工返岗不足，生产线缺普工');
      c = await shortOfWorkers(ents[2], '返岗员工不足，普工缺口20人');
      unlike = await shortOfWorkers(ents[0], '员工子女入学', {
        description: '外来务工人员子女入学咨询',
      });
      otherCategory = await shortOfWorkers(ents[1], '返岗员工不足，急需招聘普工', {
        categoryCode: 'transport',
      });
      cancelled = await shortOfWorkers(ents[2], '返岗员工不足，急需招聘普工');
      await act(http, w.tokens.instructor, cancelled, { action: 'cancel', reason: '重复' }).expect(200);
      otherTown = await openCase(http, w.tokens.otherInstructor, w.otherEnterprise.id, {
        title: '返岗员工不足，急需招聘普工30名',
        description: '外地员工返岗率低，生产线缺人',
      });
    });

    it('GET /api/cases/{id}/similar: pending cases of the category held by the same unit, most similar first', async () => {
      const res = await http.get(`/api/cases/${a.id}/similar`).set(bearer(w.tokens.coordinator)).expect(200);
      const found = res.body.items.map((x: { id: string }) => x.id);
      expect(found).toEqual(expect.arrayContaining([b.id, c.id]));
      for (const x of [a, unlike, otherCategory, cancelled, otherTown]) expect(found).not.toContain(x.id);
      const scores = res.body.items.map((x: { score: number }) => x.score);
      expect([...scores].sort((p: number, q: number) => q - p)).toEqual(scores);
      expect(res.body.total).toBe(res.body.items.length);
    });

    it('POST /api/cases/similar: while opening, the same for the enterprise’s town', async () => {
      const res = await http
        .post('/api/cases/similar')
        .set(bearer(w.tokens.instructor))
        .send({ enterpriseId: ents[0]?.id, categoryCode: 'labor', title: '普工返岗不足，急需招聘' })
        .expect(200);
      const found = res.body.items.map((x: { id: string }) => x.id);
      expect(found).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
      for (const x of [unlike, otherCategory, cancelled, otherTown]) expect(found).not.toContain(x.id);
      // a category that does not exist is refused as opening the case would refuse it, not an empty list
      expectProblem(
        await http
          .post('/api/cases/similar')
          .set(bearer(w.tokens.instructor))
          .send({ enterpriseId: ents[0]?.id, categoryCode: 'no-such-category', title: '普工返岗不足' }),
        400,
        'REQUEST.INVALID',
        ['categoryCode'],
      );
    });

    it('respects jurisdiction: another town’s coordinator gets 404 for the case, nothing for the enterprise', async () => {
      await http.get(`/api/cases/${a.id}/similar`).set(bearer(w.tokens.otherCoordinator)).expect(404);
      const res = await http
        .post('/api/cases/similar')
        .set(bearer(w.tokens.otherCoordinator))
        .send({ enterpriseId: ents[0]?.id, categoryCode: 'labor', title: '返岗员工不足，急需招聘普工30名' })
        .expect(200);
      expect(res.body.items).toEqual([]);
      // and the other town's own similar case is suggested to its coordinator only from its own town
      const own = await http
        .get(`/api/cases/${otherTown.id}/similar`)
        .set(bearer(w.tokens.otherCoordinator))
        .expect(200);
      expect(own.body.items).toEqual([]);
    });
  });

  describe('grouping and acting once', () => {
    let members: CaseDto[];
    let groupId: string;
    beforeAll(async () => {
      members = [];
      for (const [i, e] of ents.entries()) members.push(await shortOfWorkers(e, `熟练焊工缺口${i + 2}0人`));
    });

    it('a coordinator groups cases; the group counts members and enterprises', async () => {
      const res = await group(w.tokens.coordinator, '多家企业缺熟练焊工', ids(members)).expect(201);
      groupId = res.body.id;
      expect(res.body).toEqual(
        expect.objectContaining({
          title: '多家企业缺熟练焊工',
          unitId: w.town.id,
          memberCount: 3,
          enterpriseCount: 3,
          pendingCount: 3,
        }),
      );
      expect(ids(res.body.members.map((x: { caseId: string }) => ({ id: x.caseId })))).toEqual(ids(members));
      const list = await http.get('/api/common-problems').set(bearer(w.tokens.coordinator)).expect(200);
      expect(list.body.items.map((g: { id: string }) => g.id)).toContain(groupId);
      // the county's manager sees it; another town's coordinator does not
      await http.get(`/api/common-problems/${groupId}`).set(bearer(w.tokens.manager)).expect(200);
      expectProblem(
        await http.get(`/api/common-problems/${groupId}`).set(bearer(w.tokens.otherCoordinator)),
        404,
        'COMMON_PROBLEM.NOT_FOUND',
      );
      const other = await http.get('/api/common-problems').set(bearer(w.tokens.otherCoordinator)).expect(200);
      expect(other.body.items.map((g: { id: string }) => g.id)).not.toContain(groupId);
    });

    it('refuses: a case in another group, a cancelled case, a foreign case, an instructor, too few', async () => {
      const spare = await shortOfWorkers(ents[0], '焊工短缺');
      expectProblem(
        await group(w.tokens.coordinator, 'x', [members[0]?.id, spare.id]),
        409,
        'COMMON_PROBLEM.CASE_IN_OTHER_GROUP',
        [`caseIds.${members[0]?.id}`],
      );
      const gone = await shortOfWorkers(ents[1], '焊工短缺');
      await act(http, w.tokens.instructor, gone, { action: 'cancel', reason: '重复' }).expect(200);
      expectProblem(
        await group(w.tokens.coordinator, 'x', [gone.id, spare.id]),
        409,
        'COMMON_PROBLEM.CASE_FINISHED',
      );
      const foreign = await openCase(http, w.tokens.otherInstructor, w.otherEnterprise.id);
      expectProblem(await group(w.tokens.coordinator, 'x', [foreign.id, spare.id]), 404, 'CASE.NOT_FOUND', [
        `caseIds.${foreign.id}`,
      ]);
      expectProblem(
        await group(w.tokens.instructor, 'x', [spare.id, gone.id]),
        403,
        'COMMON_PROBLEM.CANNOT_GROUP',
      );
      expectProblem(
        await group(w.tokens.coordinator, 'x', [spare.id, spare.id]),
        400,
        'COMMON_PROBLEM.TOO_FEW',
      );
      const [{ n }] = await api.ds.query(
        `SELECT count(*)::int AS n FROM common_problem_members WHERE case_id = $1`,
        [spare.id],
      );
      expect(n).toBe(0);
    });

    it('adds and removes members; another town’s coordinator gets 404', async () => {
      const extra = await shortOfWorkers(ents[0], '焊工短缺，急需熟练焊工');
      const added = await http
        .post(`/api/common-problems/${groupId}/members`)
        .set(bearer(w.tokens.coordinator))
        .send({ caseIds: [extra.id] })
        .expect(200);
      expect(added.body.memberCount).toBe(4);
      expect(added.body.enterpriseCount).toBe(3);
      await http
        .post(`/api/common-problems/${groupId}/members`)
        .set(bearer(w.tokens.otherCoordinator))
        .send({ caseIds: [extra.id] })
        .expect(404);
      await http
        .delete(`/api/common-problems/${groupId}/members/${extra.id}`)
        .set(bearer(w.tokens.otherCoordinator))
        .expect(404);
      const removed = await http
        .delete(`/api/common-problems/${groupId}/members/${extra.id}`)
        .set(bearer(w.tokens.coordinator))
        .expect(200);
      expect(removed.body.memberCount).toBe(3);
      expectProblem(
        await http
          .delete(`/api/common-problems/${groupId}/members/${extra.id}`)
          .set(bearer(w.tokens.coordinator)),
        404,
        'CASE.NOT_FOUND',
      );
    });

    it('a group whose members were all removed says so when acted on (409), not that they are closed', async () => {
      const a = await shortOfWorkers(ents[0], '电焊工短缺');
      const b = await shortOfWorkers(ents[1], '电焊工缺口大');
      const g = await group(w.tokens.coordinator, '电焊工短缺（将清空）', ids([a, b])).expect(201);
      for (const c of [a, b])
        await http
          .delete(`/api/common-problems/${g.body.id}/members/${c.id}`)
          .set(bearer(w.tokens.coordinator))
          .expect(200);
      const res = await actOnGroup(w.tokens.coordinator, g.body.id, { action: 'comment', comment: '跟进' });
      expectProblem(res, 409, 'COMMON_PROBLEM.NO_OPEN_MEMBERS');
      expect(res.body.detail).toMatch(/no members/);
    });

    it('a member that cannot take the action: 409 naming it, and nothing changes', async () => {
      // resolve needs a case in progress: the members are all still open, so each is refused, and named
      const before = await Promise.all(members.map((x) => caseFootprint(api.ds, x.id)));
      const res = await actOnGroup(w.tokens.coordinator, groupId, {
        action: 'resolve',
        resolution: '已统一协调',
      });
      expectProblem(
        res,
        409,
        'CASE.NOT_ALLOWED_IN_STATE',
        members.map((x) => `caseIds.${x.id}`),
      );
      const after = await Promise.all(members.map((x) => caseFootprint(api.ds, x.id)));
      expect(after).toEqual(before);
      expectProblem(
        await actOnGroup(w.tokens.coordinator, groupId, { action: 'confirm', rating: 5 }),
        400,
        'COMMON_PROBLEM.ACTION_NOT_FOR_GROUP',
      );
      expectProblem(await actOnGroup(w.tokens.coordinator, groupId, { action: 'assign', version: 1 }), 400);
    });

    it('rolls every member back when one write fails (one transaction)', async () => {
      const victim = members[2];
      await api.ds.query(`
        CREATE OR REPLACE FUNCTION test_refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.case_id = '${victim.id}'::uuid THEN RAISE EXCEPTION 'test: refused'; END IF; RETURN NEW; END $$`);
      await api.ds.query(
        `CREATE TRIGGER test_refuse_event BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION test_refuse_event()`,
      );
      try {
        const before = await Promise.all(members.map((x) => caseFootprint(api.ds, x.id)));
        const res = await actOnGroup(w.tokens.coordinator, groupId, {
          action: 'assign',
          assigneeId: w.users['coordinator']?.id,
        });
        expect(res.status).toBeGreaterThanOrEqual(500);
        const after = await Promise.all(members.map((x) => caseFootprint(api.ds, x.id)));
        expect(after).toEqual(before);
      } finally {
        await api.ds.query(`DROP TRIGGER test_refuse_event ON case_events`);
        await api.ds.query(`DROP FUNCTION test_refuse_event()`);
      }
    });

    it('acting once: assign, then resolve — one event per member, each case its own ledger entry', async () => {
      const count = async (type: string) =>
        (
          await api.ds.query(
            `SELECT case_id, count(*)::int AS n FROM case_events WHERE type = $1 AND case_id = ANY($2::uuid[]) GROUP BY case_id`,
            [type, ids(members)],
          )
        ).map((r: { n: number }) => r.n);
      await actOnGroup(w.tokens.coordinator, groupId, {
        action: 'assign',
        assigneeId: w.users['coordinator']?.id,
      }).expect(200);
      const res = await actOnGroup(w.tokens.coordinator, groupId, {
        action: 'resolve',
        resolution: '镇专班统一组织招聘会，已补齐焊工',
      }).expect(200);
      expect(res.body.pendingCount).toBe(0);
      expect(res.body.members.map((x: { status: string }) => x.status)).toEqual([
        'resolved',
        'resolved',
        'resolved',
      ]);
      expect(await count('assign')).toEqual([1, 1, 1]);
      expect(await count('resolve')).toEqual([1, 1, 1]);
      // all members' events written in one transaction: the same timestamp
      const ats = await api.ds.query(
        `SELECT DISTINCT at FROM case_events WHERE type = 'resolve' AND case_id = ANY($1::uuid[])`,
        [ids(members)],
      );
      expect(ats).toHaveLength(1);
      // each enterprise confirms its own case
      const one = await getCase(http, w.tokens.instructor, members[0]?.id);
      expect(one.resolution).toBe('镇专班统一组织招聘会，已补齐焊工');
      expect(one.allowedActions).toContain('confirm');
      await act(http, w.tokens.instructor, one, { action: 'confirm', rating: 5 }).expect(200);
      // closed members are left alone by later group actions; the rest still must be able to take them
      const comment = await actOnGroup(w.tokens.coordinator, groupId, {
        action: 'comment',
        comment: '请企业确认',
      }).expect(200);
      expect(comment.body.memberCount).toBe(3);
      expect(await count('comment')).toEqual([1, 1]);
    });

    it('the dashboard counts groups and their members in the unit’s area', async () => {
      const town = await http.get('/api/dashboard/summary').set(bearer(w.tokens.coordinator)).expect(200);
      const [{ groups, members: n }] = await api.ds.query(
        `SELECT count(DISTINCT m.common_problem_id)::int AS groups, count(*)::int AS members
           FROM common_problem_members m JOIN cases c ON c.id = m.case_id WHERE c.town_id = $1`,
        [w.town.id],
      );
      expect(n).toBeGreaterThanOrEqual(3);
      expect(town.body.commonProblems).toEqual({ groups, members: n });
      const other = await http
        .get('/api/dashboard/summary')
        .set(bearer(w.tokens.otherCoordinator))
        .expect(200);
      expect(other.body.commonProblems).toEqual({ groups: 0, members: 0 });
    });

    it('two groupings racing for the same case: exactly one gets it', async () => {
      const [x, y, z] = [
        await shortOfWorkers(ents[0], '缺少熟练电焊工'),
        await shortOfWorkers(ents[1], '缺少熟练电焊工'),
        await shortOfWorkers(ents[2], '缺少熟练电焊工'),
      ] as CaseDto[];
      const post = (caseIds: string[]) => group(w.tokens.coordinator, '电焊工', caseIds);
      const answers = await Promise.all([post([x.id, y.id]), post([y.id, z.id])]);
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
      const [{ n }] = await api.ds.query(
        `SELECT count(*)::int AS n FROM common_problem_members WHERE case_id = $1`,
        [y.id],
      );
      expect(n).toBe(1);
    });

    it('a manager urges every member of a group he sees at once, but may not resolve it', async () => {
      const pair: CaseDto[] = [];
      for (const e of ents.slice(0, 2)) pair.push(await shortOfWorkers(e, '缺少叉车司机'));
      const g = await group(w.tokens.coordinator, '叉车司机', ids(pair)).expect(201);
      await actOnGroup(w.tokens.manager, g.body.id, { action: 'urge', reason: '请尽快统一协调' }).expect(200);
      for (const c of pair) {
        const got = await getCase(http, w.tokens.manager, c.id);
        expect(got.events?.filter((e) => e.type === 'urge')).toHaveLength(1);
      }
      expectProblem(
        await actOnGroup(w.tokens.manager, g.body.id, { action: 'resolve', resolution: 'x' }),
        403,
        'COMMON_PROBLEM.CANNOT_GROUP',
      );
      await actOnGroup(w.tokens.otherManager, g.body.id, { action: 'urge' }).expect(404);
    });

    it('escalating once takes every member to the bureau, whose officer then handles the group', async () => {
      const more: CaseDto[] = [];
      for (const e of ents.slice(0, 2)) more.push(await shortOfWorkers(e, '新招员工需办理健康证'));
      const g = await group(w.tokens.coordinator, '健康证办理', ids(more)).expect(201);
      await actOnGroup(w.tokens.coordinator, g.body.id, {
        action: 'escalate',
        reason: '需县人社局统一协调',
      }).expect(200);
      const seen = await http
        .get(`/api/common-problems/${g.body.id}`)
        .set(bearer(w.tokens.officer))
        .expect(200);
      expect(seen.body.members.map((x: { unitId: string; level: number }) => [x.unitId, x.level])).toEqual([
        [w.countyLabor.id, 1],
        [w.countyLabor.id, 1],
      ]);
      await actOnGroup(w.tokens.officer, g.body.id, {
        action: 'assign',
        assigneeId: w.users['officer']?.id,
      }).expect(200);
      // the other bureau's officer sees nothing of it
      await http.get(`/api/common-problems/${g.body.id}`).set(bearer(w.tokens.otherOfficer)).expect(404);
    });
  });
});
