import type { EnterpriseDto } from '@taizhang/contracts';
import { resumptionByGroupBy } from '@taizhang/db';
import ExcelJS from 'exceljs';
import { bearer, creditCode, expectProblem, useWorld, binary } from './harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('visits (走访) and resumption (复工复产)', () => {
  const { api, http, w } = useWorld();

  const userId = (key: string) => (w.users[key] as { id: string }).id;
  const visitCount = async () => Number((await api.ds.query(`SELECT count(*)::int AS n FROM visits`))[0].n);
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  const record = (token: string, enterpriseId: string, body: Record<string, unknown>) =>
    http.post(`/api/enterprises/${enterpriseId}/visits`).set(bearer(token)).send(body);

  let n = 0;
  async function enterprise(extra: Record<string, unknown> = {}): Promise<EnterpriseDto> {
    const res = await http
      .post('/api/enterprises')
      .set(bearer(w.adminToken))
      .send({
        name: `走访企业${++n}-${w.tag}`,
        creditCode: creditCode(),
        scale: 'below',
        industry: '纺织',
        unitId: w.town.id,
        address: '纺织路2号',
        contactName: '李四',
        contactPhone: '13700000001',
        key: false,
        resumption: 'not_resumed',
        headcount: 40,
        returnedHeadcount: 0,
        instructorIds: [userId('instructor')],
        ...extra,
      })
      .expect(201);
    return res.body as EnterpriseDto;
  }

  describe('POST /api/enterprises/:id/visits', () => {
    it("records an instructor's visit, updating the enterprise's figures and their history", async () => {
      const e = await enterprise();
      const at = ago(2 * HOUR);
      const res = await record(w.tokens.instructor, e.id, {
        visitedAt: at,
        note: '  已复工，缺工 10 人  ',
        resumption: 'resumed',
        returnedHeadcount: 30,
        problemsRaised: 1,
      }).expect(201);
      expect(res.body).toMatchObject({
        enterpriseId: e.id,
        visitorId: userId('instructor'),
        visitedAt: at,
        note: '已复工，缺工 10 人',
        resumption: 'resumed',
        returnedHeadcount: 30,
        problemsRaised: 1,
        caseIds: [],
        townId: w.town.id,
      });
      const after = (await http.get(`/api/enterprises/${e.id}`).set(bearer(w.tokens.instructor)).expect(200))
        .body;
      expect(after).toMatchObject({ resumption: 'resumed', returnedHeadcount: 30, headcount: 40 });
      const list = await http
        .get(`/api/enterprises/${e.id}/visits`)
        .set(bearer(w.tokens.manager))
        .expect(200);
      expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      expect(list.body.items[0].id).toBe(res.body.id);
      const history = await http
        .get(`/api/enterprises/${e.id}/resumption-history`)
        .set(bearer(w.tokens.coordinator))
        .expect(200);
      expect(
        history.body.items.map((h: { toResumption: string; toReturnedHeadcount: number }) => [
          h.toResumption,
          h.toReturnedHeadcount,
        ]),
      ).toEqual([
        ['resumed', 30],
        ['not_resumed', 0],
      ]);
      const [{ last }] = await api.ds.query(`SELECT last_visit_at AS last FROM enterprises WHERE id = $1`, [
        e.id,
      ]);
      expect(new Date(last).toISOString()).toBe(at);
    });

    it('keeps the latest visit time when an older visit is recorded later, and a visit without figures changes none', async () => {
      const e = await enterprise({ resumption: 'resumed', returnedHeadcount: 20 });
      await record(w.tokens.instructor, e.id, { visitedAt: ago(HOUR), note: '正常' }).expect(201);
      await record(w.tokens.coordinator, e.id, { visitedAt: ago(3 * DAY), note: '补录' }).expect(201);
      const [{ last }] = await api.ds.query(`SELECT last_visit_at AS last FROM enterprises WHERE id = $1`, [
        e.id,
      ]);
      expect(Date.now() - new Date(last).getTime()).toBeLessThan(2 * HOUR);
      const history = await http
        .get(`/api/enterprises/${e.id}/resumption-history`)
        .set(bearer(w.tokens.instructor))
        .expect(200);
      expect(history.body.total).toBe(1); // only the enterprise's first figures
      const list = await http
        .get(`/api/enterprises/${e.id}/visits`)
        .set(bearer(w.tokens.instructor))
        .expect(200);
      expect(list.body.items.map((v: { note: string }) => v.note)).toEqual(['正常', '补录']); // newest first
    });

    it.each<[string, Record<string, unknown>, string, string]>([
      [
        'a visit tomorrow',
        { visitedAt: new Date(Date.now() + DAY).toISOString(), note: 'x' },
        'VISIT.INVALID',
        'visitedAt',
      ],
      ['a visit 100 days ago', { visitedAt: ago(100 * DAY), note: 'x' }, 'VISIT.INVALID', 'visitedAt'],
      ['a visit in 1970', { visitedAt: '1970-01-01T00:00:00Z', note: 'x' }, 'VISIT.INVALID', 'visitedAt'],
      ['not a date', { visitedAt: 'yesterday', note: 'x' }, 'REQUEST.INVALID', 'visitedAt'],
      ['no visitedAt', { note: 'x' }, 'REQUEST.INVALID', 'visitedAt'],
      ['a blank note', { visitedAt: ago(HOUR), note: '   ' }, 'VISIT.INVALID', 'note'],
      ['no note', { visitedAt: ago(HOUR) }, 'REQUEST.INVALID', 'note'],
      [
        'more staff back than employed',
        { visitedAt: ago(HOUR), note: 'x', returnedHeadcount: 101 },
        'VISIT.INVALID',
        'returnedHeadcount',
      ],
      [
        'a negative headcount',
        { visitedAt: ago(HOUR), note: 'x', returnedHeadcount: -1 },
        'REQUEST.INVALID',
        'returnedHeadcount',
      ],
      [
        'an unknown status',
        { visitedAt: ago(HOUR), note: 'x', resumption: 'half' },
        'REQUEST.INVALID',
        'resumption',
      ],
      [
        'a fractional problem count',
        { visitedAt: ago(HOUR), note: 'x', problemsRaised: 1.5 },
        'REQUEST.INVALID',
        'problemsRaised',
      ],
      ['an unknown field', { visitedAt: ago(HOUR), note: 'x', rating: 5 }, 'REQUEST.INVALID', 'rating'],
    ])('refuses %s (400 naming the field) and writes nothing', async (_name, body, code, field) => {
      const before = await visitCount();
      const res = await record(w.tokens.instructor, w.enterprise.id, body);
      expectProblem(res, 400, code, [field]);
      expect(await visitCount()).toBe(before);
    });

    it.each<[string, () => string, number, string]>([
      ["another town's instructor", () => w.tokens.otherInstructor, 404, 'ENTERPRISE.NOT_FOUND'],
      ["another town's coordinator", () => w.tokens.otherCoordinator, 404, 'ENTERPRISE.NOT_FOUND'],
      ['a manager above (sees, does not record)', () => w.tokens.manager, 403, 'VISIT.NOT_ALLOWED'],
      ['a bureau officer of the county', () => w.tokens.officer, 403, 'VISIT.NOT_ALLOWED'],
      ['an admin', () => w.adminToken, 403, 'VISIT.NOT_ALLOWED'],
    ])('refuses %s', async (_name, token, status, code) => {
      const before = await visitCount();
      expectProblem(
        await record(token(), w.enterprise.id, { visitedAt: ago(HOUR), note: 'x' }),
        status,
        code,
      );
      expect(await visitCount()).toBe(before);
    });

    it('reads a visitedAt without an offset as local time in Shanghai (a phone sends its clock), a date as its day start', async () => {
      const e = await enterprise();
      // an hour ago on a Shanghai wall clock, written without an offset: UTC would put it 7 hours ahead
      const at = new Date(Date.now() - HOUR);
      const local = new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 19);
      const res = await record(w.tokens.instructor, e.id, { visitedAt: local, note: '手机上记录' }).expect(
        201,
      );
      expect(res.body.visitedAt).toBe(`${at.toISOString().slice(0, 19)}.000Z`);
      // yesterday's local date alone: that day's 00:00 in Shanghai
      const day = new Date(Date.now() + 8 * HOUR - DAY).toISOString().slice(0, 10);
      const byDate = await record(w.tokens.instructor, e.id, { visitedAt: day, note: '补录' }).expect(201);
      expect(byDate.body.visitedAt).toBe(new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString());
      // an explicit offset is kept
      const withOffset = `${new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 19)}+08:00`;
      const kept = await record(w.tokens.instructor, e.id, { visitedAt: withOffset, note: '带时区' }).expect(
        201,
      );
      expect(kept.body.visitedAt).toBe(`${at.toISOString().slice(0, 19)}.000Z`);
    });

    it('lists the history in the order the changes were made, even when a transaction that began earlier wrote last', async () => {
      const e = await enterprise({ resumption: 'resumed', returnedHeadcount: 10 });
      // a writer whose transaction (and so its clock) began before the visit, and which changes the figures after it
      const early = api.ds.createQueryRunner();
      await early.connect();
      try {
        await early.startTransaction();
        await early.query(`SELECT now()`);
        await record(w.tokens.instructor, e.id, {
          visitedAt: ago(HOUR),
          note: '返岗 20 人',
          returnedHeadcount: 20,
        }).expect(201);
        await early.query(`UPDATE enterprises SET returned_headcount = 30 WHERE id = $1`, [e.id]);
        await early.commitTransaction();
      } finally {
        await early.release();
      }
      const history = await http
        .get(`/api/enterprises/${e.id}/resumption-history`)
        .set(bearer(w.tokens.instructor))
        .expect(200);
      const chain = history.body.items.map(
        (h: { fromReturnedHeadcount: number | null; toReturnedHeadcount: number }) =>
          `${h.fromReturnedHeadcount}→${h.toReturnedHeadcount}`,
      );
      // newest first, each change starting where the one before it ended, the newest at the current figure
      expect(chain).toEqual(['20→30', '10→20', 'null→10']);
    });

    it("lets the town's coordinators record visits, and 404s an enterprise that does not exist", async () => {
      await record(w.tokens.coordinator, w.enterprise.id, { visitedAt: ago(HOUR), note: '专班走访' }).expect(
        201,
      );
      expectProblem(
        await record(w.tokens.instructor, '00000000-0000-4000-8000-000000000000', {
          visitedAt: ago(HOUR),
          note: 'x',
        }),
        404,
      );
      expectProblem(
        await record(w.tokens.instructor, 'not-a-uuid', { visitedAt: ago(HOUR), note: 'x' }),
        400,
        'REQUEST.INVALID',
        ['id'],
      );
    });

    it("hides an enterprise's visits from those who cannot see it (404)", async () => {
      expectProblem(
        await http.get(`/api/enterprises/${w.enterprise.id}/visits`).set(bearer(w.tokens.otherInstructor)),
        404,
      );
      expectProblem(
        await http
          .get(`/api/enterprises/${w.enterprise.id}/resumption-history`)
          .set(bearer(w.tokens.otherManager)),
        404,
      );
    });
  });

  describe('cases opened from a visit', () => {
    it('links a case opened with visitId to the visit, and refuses a visit of another enterprise', async () => {
      const e = await enterprise();
      const visit = (
        await record(w.tokens.instructor, e.id, {
          visitedAt: ago(HOUR),
          note: '缺工',
          problemsRaised: 1,
        }).expect(201)
      ).body;
      const body = {
        enterpriseId: e.id,
        categoryCode: 'labor',
        title: '缺少普工 20 名',
        description: '走访中发现',
        visitId: visit.id,
      };
      const opened = await http.post('/api/cases').set(bearer(w.tokens.instructor)).send(body).expect(201);
      const list = await http
        .get(`/api/enterprises/${e.id}/visits`)
        .set(bearer(w.tokens.instructor))
        .expect(200);
      expect(list.body.items[0].caseIds).toEqual([opened.body.id]);
      const [{ n: before }] = await api.ds.query(`SELECT count(*)::int AS n FROM cases`);
      const res = await http
        .post('/api/cases')
        .set(bearer(w.tokens.instructor))
        .send({ ...body, enterpriseId: w.enterprise.id });
      expectProblem(res, 400, 'REQUEST.INVALID', ['visitId']);
      const [{ n: after }] = await api.ds.query(`SELECT count(*)::int AS n FROM cases`);
      expect(after).toBe(before);
    });
  });

  describe('GET /api/dashboard/visits', () => {
    /** The figures by a direct count over enterprises and visits under the unit. */
    async function direct(unitId: string) {
      const [r] = await api.ds.query(
        `WITH RECURSIVE sub AS (SELECT id FROM units WHERE id = $1 UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id),
              e AS (SELECT e.id, (SELECT max(visited_at) FROM visits v WHERE v.enterprise_id = e.id) AS last FROM enterprises e WHERE e.town_id IN (SELECT id FROM sub))
         SELECT count(*)::int AS enterprises,
                count(*) FILTER (WHERE last > now() - interval '7 days')::int AS visited7d,
                count(*) FILTER (WHERE last > now() - interval '30 days')::int AS visited30d,
                count(*) FILTER (WHERE last IS NULL)::int AS never FROM e`,
        [unitId],
      );
      return {
        enterprises: r.enterprises,
        visited7d: r.visited7d,
        visited30d: r.visited30d,
        neverVisited: r.never,
      };
    }

    /** Every visitor's figures by the plain count(DISTINCT …) over the unit's visits. */
    async function plainByVisitor(unitId: string) {
      return api.ds.query<
        {
          userId: string;
          visits: number;
          visits30d: number;
          visitedEnterprises30d: number;
          lastVisitAt: Date;
        }[]
      >(
        `WITH RECURSIVE sub AS (SELECT id FROM units WHERE id = $1 UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
         SELECT v.visitor_id AS "userId", count(*)::int AS visits,
                count(*) FILTER (WHERE v.visited_at > now() - interval '30 days')::int AS "visits30d",
                count(DISTINCT v.enterprise_id) FILTER (WHERE v.visited_at > now() - interval '30 days')::int AS "visitedEnterprises30d",
                max(v.visited_at) AS "lastVisitAt"
           FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
          WHERE e.town_id IN (SELECT id FROM sub) GROUP BY 1 ORDER BY 1`,
        [unitId],
      );
    }
    type Figures = {
      userId: string;
      visits: number;
      visits30d: number;
      visitedEnterprises30d: number;
      lastVisitAt: string;
    };
    const instructorFigures = (body: { byInstructor: Figures[] }) =>
      body.byInstructor
        .filter((i) => i.visits > 0)
        .map(({ userId, visits, visits30d, visitedEnterprises30d, lastVisitAt }) => ({
          userId,
          visits,
          visits30d,
          visitedEnterprises30d,
          lastVisitAt: new Date(lastVisitAt),
        }))
        .sort((a, b) => (a.userId < b.userId ? -1 : 1));
    /** Each user's enterprises assigned under the unit, by a plain count, beside the dashboard's. */
    async function assignments(
      unitId: string,
      body: { byInstructor: { userId: string; enterprises: number }[] },
    ) {
      const plain: { userId: string; enterprises: number }[] = await api.ds.query(
        `WITH RECURSIVE sub AS (SELECT id FROM units WHERE id = $1 UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
         SELECT ei.user_id AS "userId", count(*)::int AS enterprises FROM enterprise_instructors ei JOIN enterprises e ON e.id = ei.enterprise_id
          WHERE e.town_id IN (SELECT id FROM sub) GROUP BY 1 ORDER BY 1`,
        [unitId],
      );
      const got = body.byInstructor
        .filter((i) => i.enterprises > 0)
        .map(({ userId, enterprises }) => ({ userId, enterprises }))
        .sort((a, b) => (a.userId < b.userId ? -1 : 1));
      return [got, plain];
    }
    /** The dashboard of a unit (as admin), checked against the direct counts. */
    async function checkAgainstDirect(unitId: string) {
      const res = await http
        .get('/api/dashboard/visits')
        .query({ unitId })
        .set(bearer(w.adminToken))
        .expect(200);
      expect(instructorFigures(res.body)).toEqual(await plainByVisitor(unitId));
      expect(res.body).toMatchObject(await direct(unitId));
      for (const t of res.body.byTown as { unitId: string }[])
        expect(t).toMatchObject(await direct(t.unitId));
      const [got, plain] = await assignments(unitId, res.body);
      expect(got).toEqual(plain);
    }
    /** The visit counters as they are, and as a recount from the visits gives them. */
    async function countersAndRecount() {
      const read = async () => {
        const out: Record<string, unknown[]> = {};
        for (const t of [
          'visit_stats',
          'visit_pairs',
          'visit_daily',
          'visit_town_days',
          'instructor_assignments',
        ])
          // (a town's day whose enterprises all moved on stays, at 0)
          out[t] = await api.ds.query(
            `SELECT * FROM ${t} ${t === 'visit_town_days' ? 'WHERE n <> 0' : ''} ORDER BY 1, 2, 3`,
          );
        return out;
      };
      const kept = await read();
      await api.ds.query(`SELECT rebuild_visit_counters(NULL), recount_instructor_assignments(NULL)`);
      await api.ds.query(`DELETE FROM visit_town_days`);
      await api.ds.query(
        `INSERT INTO visit_town_days (town_id, day, n) SELECT town_id, coalesce((last_visit_at AT TIME ZONE 'UTC')::date, '-infinity'::date), count(*) FROM enterprises GROUP BY 1, 2`,
      );
      return [kept, await read()];
    }

    it("keeps each visitor's figures exact from counters: the window's first day, a later and an earlier visit of an enterprise, a deleted visit", async () => {
      const a = await enterprise();
      const b = await enterprise();
      for (const at of [40 * DAY, 30 * DAY - HOUR, 29 * DAY, 35 * DAY, 30 * DAY - 2 * HOUR])
        await record(w.tokens.instructor, a.id, { visitedAt: ago(at), note: '窗口边界' }).expect(201);
      await record(w.tokens.instructor, b.id, { visitedAt: ago(30 * DAY + HOUR), note: '窗口外' }).expect(
        201,
      );
      await record(w.tokens.coordinator, b.id, { visitedAt: ago(HOUR), note: '镇协调员' }).expect(201);
      // enterprises last visited either side of the 7- and 30-day windows' edges
      for (const at of [7 * DAY - HOUR, 7 * DAY + HOUR, 30 * DAY - HOUR, 30 * DAY + HOUR]) {
        const e = await enterprise();
        await record(w.tokens.instructor, e.id, { visitedAt: ago(at), note: '窗口边界' }).expect(201);
      }
      for (const unitId of [w.county.id, w.town.id]) await checkAgainstDirect(unitId);
      const [kept, recounted] = await countersAndRecount();
      expect(kept).toEqual(recounted);
      // a visit deleted (as an enterprise's deletion cascades) recounts its town
      await api.ds.query(
        `DELETE FROM visits WHERE id = (SELECT id FROM visits WHERE enterprise_id = $1 ORDER BY visited_at DESC LIMIT 1)`,
        [a.id],
      );
      const after = await http
        .get('/api/dashboard/visits')
        .query({ unitId: w.town.id })
        .set(bearer(w.tokens.manager))
        .expect(200);
      expect(instructorFigures(after.body)).toEqual(await plainByVisitor(w.town.id));
      // an enterprise moved to another town takes its visits along (the per-town counts follow the enterprise)
      await http
        .patch(`/api/enterprises/${a.id}`)
        .set(bearer(w.adminToken))
        .send({ unitId: w.otherTown.id, instructorIds: [] })
        .expect(200);
      for (const unitId of [w.county.id, w.town.id, w.otherTown.id]) await checkAgainstDirect(unitId);
      const [kept2, recounted2] = await countersAndRecount();
      expect(kept2).toEqual(recounted2);
    });

    it("counts visited and never-visited enterprises per town, and each instructor's visits, as a direct count does", async () => {
      const old = await enterprise();
      await record(w.tokens.instructor, old.id, { visitedAt: ago(10 * DAY), note: '十天前' }).expect(201);
      await enterprise(); // never visited
      const res = await http.get('/api/dashboard/visits').set(bearer(w.tokens.manager)).expect(200);
      expect(res.body.unitId).toBe(w.county.id);
      const want = await direct(w.county.id);
      expect(res.body).toMatchObject(want);
      expect(want.visited30d).toBeGreaterThan(want.visited7d);
      expect(want.neverVisited).toBeGreaterThan(0);
      const town = res.body.byTown.find((t: { unitId: string }) => t.unitId === w.town.id);
      expect(town).toMatchObject(await direct(w.town.id));
      const [{ visits }] = await api.ds.query(
        `SELECT count(*)::int AS visits FROM visits WHERE visitor_id = $1`,
        [userId('instructor')],
      );
      const me = res.body.byInstructor.find((i: { userId: string }) => i.userId === userId('instructor'));
      expect(me).toMatchObject({ visits, name: `instructor${w.tag}`, role: 'instructor' });
      expect(me.enterprises).toBeGreaterThan(0);
      // a town's coordinator who visited is listed too
      expect(res.body.byInstructor.some((i: { userId: string }) => i.userId === userId('coordinator'))).toBe(
        true,
      );
      // every visitor's figures, as the plain count(DISTINCT …) over the county's visits gives them
      expect(instructorFigures(res.body)).toEqual(await plainByVisitor(w.county.id));
      // narrowed to the town, and from the town's coordinator
      const narrowed = await http
        .get('/api/dashboard/visits')
        .query({ unitId: w.town.id })
        .set(bearer(w.tokens.manager))
        .expect(200);
      expect(narrowed.body).toMatchObject(await direct(w.town.id));
      const coord = await http.get('/api/dashboard/visits').set(bearer(w.tokens.coordinator)).expect(200);
      expect(coord.body).toMatchObject({ unitId: w.town.id, ...(await direct(w.town.id)) });
    });

    it('refuses a unit outside the jurisdiction (404) and roles that do not read it (403)', async () => {
      const outside: [token: string, unitId: string][] = [
        [w.tokens.otherManager, w.county.id],
        [w.tokens.coordinator, w.otherTown.id],
        [w.adminToken, '00000000-0000-4000-8000-000000000000'],
      ];
      for (const [token, unitId] of outside)
        expectProblem(await http.get('/api/dashboard/visits').query({ unitId }).set(bearer(token)), 404);
      expectProblem(
        await http.get('/api/dashboard/visits').query({ unitId: 'x' }).set(bearer(w.tokens.manager)),
        400,
        'REQUEST.INVALID',
        ['unitId'],
      );
      expectProblem(await http.get('/api/dashboard/visits').set(bearer(w.tokens.instructor)), 403);
      expectProblem(await http.get('/api/dashboard/visits').set(bearer(w.tokens.officer)), 403);
    });
  });

  describe('the summary’s resumption figures', () => {
    const figures = (body: { resumption: Record<string, unknown> }) => {
      const { trend: _trend, ...rest } = body.resumption;
      return rest;
    };

    it('equal a GROUP BY over the enterprises after visits, edits and moves, for every scope', async () => {
      const a = await enterprise({ scale: 'above', headcount: 200, returnedHeadcount: 0 });
      const b = await enterprise({
        scale: 'below',
        headcount: 30,
        returnedHeadcount: 5,
        resumption: 'resumed',
      });
      await record(w.tokens.instructor, a.id, {
        visitedAt: ago(HOUR),
        note: '满负荷',
        resumption: 'full_capacity',
        returnedHeadcount: 200,
      }).expect(201);
      await record(w.tokens.instructor, b.id, {
        visitedAt: ago(HOUR),
        note: '停工',
        resumption: 'not_resumed',
      }).expect(201);
      await http
        .patch(`/api/enterprises/${b.id}`)
        .set(bearer(w.adminToken))
        .send({ headcount: 50, returnedHeadcount: 0 })
        .expect(200);
      // moved to the other town: leaves this town's figures, joins the other's
      await http
        .patch(`/api/enterprises/${b.id}`)
        .set(bearer(w.adminToken))
        .send({ unitId: w.otherTown.id, instructorIds: [] })
        .expect(200);
      await api.ds.query(`SELECT 1`); // (the counters are written in the same transactions: nothing to wait for)

      for (const [token, unitId] of [
        [w.tokens.manager, w.county.id],
        [w.tokens.manager, w.town.id],
        [w.tokens.manager, w.otherTown.id],
        [w.tokens.coordinator, w.town.id],
        [w.tokens.otherManager, w.otherTown.id],
      ] as const) {
        const res = await http.get('/api/dashboard/summary').query({ unitId }).set(bearer(token)).expect(200);
        expect(figures(res.body)).toEqual(await resumptionByGroupBy(api.ds, unitId));
      }
      const all = await http.get('/api/dashboard/summary').set(bearer(w.adminToken)).expect(200);
      expect(figures(all.body)).toEqual(await resumptionByGroupBy(api.ds, null));
      // the county's figures are its towns' figures added up
      const town = await resumptionByGroupBy(api.ds, w.town.id);
      const other = await resumptionByGroupBy(api.ds, w.otherTown.id);
      const county = await resumptionByGroupBy(api.ds, w.county.id);
      expect(county.enterprises).toBe(town.enterprises + other.enterprises);
      expect(county.byStatus.full_capacity).toBeGreaterThan(0);
    });

    it('stay exact under concurrent visits to many enterprises of one town', async () => {
      const list = await Promise.all(
        Array.from({ length: 12 }, () => enterprise({ headcount: 50, returnedHeadcount: 0 })),
      );
      const statuses = ['resumed', 'full_capacity', 'not_resumed'] as const;
      const results = await Promise.all(
        list.flatMap((e, i) => [
          record(w.tokens.instructor, e.id, {
            visitedAt: ago(HOUR),
            note: '并发一',
            resumption: statuses[i % 3],
            returnedHeadcount: 10 + i,
          }),
          record(w.tokens.coordinator, e.id, {
            visitedAt: ago(2 * HOUR),
            note: '并发二',
            returnedHeadcount: 20 + i,
          }),
        ]),
      );
      expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
      for (const unitId of [w.town.id, w.county.id]) {
        const res = await http
          .get('/api/dashboard/summary')
          .query({ unitId })
          .set(bearer(w.tokens.manager))
          .expect(200);
        expect(figures(res.body)).toEqual(await resumptionByGroupBy(api.ds, unitId));
      }
    });

    it("shows today's figure as the trend's last day, and the trend walking back through the day's changes", async () => {
      const res = await http
        .get('/api/dashboard/summary')
        .query({ unitId: w.town.id })
        .set(bearer(w.tokens.manager))
        .expect(200);
      const r = res.body.resumption;
      expect(r.trend).toHaveLength(30);
      const last = r.trend[29];
      expect(last).toEqual({
        date: expect.any(String),
        resumed: r.byStatus.resumed + r.byStatus.full_capacity,
        returnedHeadcount: r.returnedHeadcount,
      });
      // everything in this test town was created today: yesterday nothing had resumed
      expect(r.trend[28]).toMatchObject({ resumed: 0, returnedHeadcount: 0 });
    });

    it("gives an instructor his own enterprises' figures", async () => {
      const res = await http.get('/api/dashboard/summary').set(bearer(w.tokens.instructor)).expect(200);
      const [want] = await api.ds.query(
        `SELECT count(*)::int AS n, coalesce(sum(headcount), 0)::int AS h FROM enterprises e JOIN enterprise_instructors ei ON ei.enterprise_id = e.id WHERE ei.user_id = $1`,
        [userId('instructor')],
      );
      expect(res.body.resumption).toMatchObject({ enterprises: want.n, headcount: want.h });
    });
  });

  describe('GET /api/visits/export.xlsx', () => {
    it('is a workbook with one row per visit in the jurisdiction', async () => {
      const res = await http
        .get('/api/visits/export.xlsx')
        .set(bearer(w.tokens.manager))
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body);
      const sheet = wb.getWorksheet('走访台账');
      if (!sheet) throw new Error('no sheet 走访台账');
      const rows: string[][] = [];
      sheet.eachRow({ includeEmpty: false }, (row) =>
        rows.push([1, 2, 3, 4, 5].map((i) => String(row.getCell(i).value ?? ''))),
      );
      expect(rows[0]).toEqual(['走访时间', '镇街', '企业', '走访人', '情况记录']);
      const [{ n }] = await api.ds.query(
        `SELECT count(*)::int AS n FROM visits WHERE town_id IN (SELECT id FROM units WHERE parent_id = $1)`,
        [w.county.id],
      );
      expect(n).toBeGreaterThan(3);
      expect(rows.length - 1).toBe(n);
      expect(rows.some((r) => r[4] === '十天前' && r[1] === '测试镇')).toBe(true);
    });

    it("narrows by time, refuses an empty range, and keeps others' units out", async () => {
      const res = await http
        .get('/api/visits/export.xlsx')
        .query({ from: ago(5 * DAY) })
        .set(bearer(w.tokens.coordinator))
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body);
      const notes: string[] = [];
      wb.getWorksheet('走访台账')?.eachRow((row, i) => i > 1 && notes.push(String(row.getCell(5).value)));
      expect(notes.length).toBeGreaterThan(0);
      expect(notes).not.toContain('十天前');
      expectProblem(
        await http
          .get('/api/visits/export.xlsx')
          .query({ from: ago(DAY), to: ago(2 * DAY) })
          .set(bearer(w.tokens.manager)),
        400,
        'REQUEST.INVALID',
        ['to'],
      );
      expectProblem(
        await http
          .get('/api/visits/export.xlsx')
          .query({ unitId: w.town.id })
          .set(bearer(w.tokens.otherManager)),
        404,
      );
      expectProblem(await http.get('/api/visits/export.xlsx').set(bearer(w.tokens.instructor)), 403);
    });
  });
});
