import type {
  InstructorVisits as InstructorVisitsDto,
  TownVisitCounts as TownVisitCountsDto,
  VisitDto,
} from '@taizhang/contracts';
import type { DataSource } from 'typeorm';
import { ALL_SCOPE } from '../stats/case-counters.store';
import { PgQueryable, prepared, queryPrepared } from '../prepared';
import { unitSubtree } from '../reference/units.store';

/** Anything that runs SQL: a DataSource, an EntityManager (a transaction), a pg client. */
export interface SqlQueryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}
const rows = async <T>(db: SqlQueryable, sql: string, params: unknown[] = []): Promise<T[]> =>
  (await db.query(sql, params)) as T[];

/** SQL: the ids of a unit and every unit under it. */
const SUBTREE = unitSubtree;

// ------------------------------------------------------------------ recording a visit

export interface EnterpriseForVisitRow {
  id: string;
  town_id: string;
  resumption: string;
  headcount: number;
  returned_headcount: number;
  /** the user is one of its instructors */
  mine: boolean;
}

/** The enterprise a visit is recorded for, locked for the write (its figures may change). */
export async function lockEnterpriseForVisit(
  db: SqlQueryable,
  enterpriseId: string,
  userId: string,
): Promise<EnterpriseForVisitRow | null> {
  const [r] = await rows<EnterpriseForVisitRow>(
    db,
    `SELECT e.id, e.town_id, e.resumption, e.headcount, e.returned_headcount,
            EXISTS (SELECT 1 FROM enterprise_instructors ei WHERE ei.enterprise_id = e.id AND ei.user_id = $2) AS mine
       FROM enterprises e WHERE e.id = $1 FOR UPDATE`,
    [enterpriseId, userId],
  );
  return r ?? null;
}

export interface NewVisit extends BulkVisit {
  townId: string;
  /** the enterprise's figures after the visit (null: unchanged) */
  figures: { resumption: string; returnedHeadcount: number } | null;
}

/**
 * Writes a visit and what it changes on its enterprise (the latest visit's time, and the resumption figures:
 * the triggers on `enterprises` count them and keep their history), in the caller's transaction.
 */
export async function insertVisit(db: SqlQueryable, v: NewVisit): Promise<string> {
  const [row] = await rows<{ id: string }>(
    db,
    `INSERT INTO visits (enterprise_id, town_id, visitor_id, visited_at, note, problems_raised, resumption, returned_headcount)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      v.enterpriseId,
      v.townId,
      v.visitorId,
      v.visitedAt,
      v.note,
      v.problemsRaised,
      v.resumption,
      v.returnedHeadcount,
    ],
  );
  await db.query(
    `UPDATE enterprises SET last_visit_at = GREATEST(last_visit_at, $2),
            resumption = coalesce($3, resumption), returned_headcount = coalesce($4, returned_headcount)
      WHERE id = $1`,
    [v.enterpriseId, v.visitedAt, v.figures?.resumption ?? null, v.figures?.returnedHeadcount ?? null],
  );
  return row.id;
}

// ------------------------------------------------------------------ reading visits

export interface VisitRow {
  id: string;
  enterprise_id: string;
  enterprise_name: string;
  town_id: string;
  town_name: string;
  visitor_id: string;
  visitor_name: string;
  visited_at: Date;
  note: string;
  problems_raised: number;
  resumption: string | null;
  returned_headcount: number | null;
  case_ids: string[];
}

/** A visit as the API answers it: the contract's `Visit`. */
export type VisitView = VisitDto;

export function toVisitView(r: VisitRow): VisitView {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    townId: r.town_id,
    townName: r.town_name,
    visitorId: r.visitor_id,
    visitorName: r.visitor_name,
    visitedAt: new Date(r.visited_at).toISOString(),
    note: r.note,
    problemsRaised: Number(r.problems_raised),
    resumption: r.resumption as VisitView['resumption'],
    returnedHeadcount: r.returned_headcount === null ? null : Number(r.returned_headcount),
    caseIds: r.case_ids ?? [],
  };
}

const VISIT_COLUMNS = `v.id, v.enterprise_id, e.name AS enterprise_name, v.town_id, t.name AS town_name, v.visitor_id,
  coalesce(nullif(u.display_name, ''), u.username) AS visitor_name, v.visited_at, v.note, v.problems_raised, v.resumption,
  v.returned_headcount,
  coalesce((SELECT array_agg(vc.case_id) FROM visit_cases vc WHERE vc.visit_id = v.id), '{}') AS case_ids`;
const VISIT_FROM = `visits v JOIN enterprises e ON e.id = v.enterprise_id JOIN units t ON t.id = v.town_id JOIN users u ON u.id = v.visitor_id`;

export async function visitById(db: SqlQueryable, id: string): Promise<VisitView | null> {
  const [r] = await rows<VisitRow>(db, `SELECT ${VISIT_COLUMNS} FROM ${VISIT_FROM} WHERE v.id = $1`, [id]);
  return r ? toVisitView(r) : null;
}

/** An enterprise's visits, newest first, paged. */
export async function enterpriseVisits(
  db: SqlQueryable,
  enterpriseId: string,
  page: number,
  pageSize: number,
): Promise<{ items: VisitView[]; total: number }> {
  const [list, [count]] = await Promise.all([
    rows<VisitRow>(
      db,
      `SELECT ${VISIT_COLUMNS} FROM ${VISIT_FROM} WHERE v.enterprise_id = $1 ORDER BY v.visited_at DESC, v.id DESC LIMIT $2 OFFSET $3`,
      [enterpriseId, pageSize, (page - 1) * pageSize],
    ),
    rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM visits WHERE enterprise_id = $1`, [enterpriseId]),
  ]);
  return { items: list.map(toVisitView), total: Number(count?.n ?? 0) };
}

/** The visit a new case says it comes from, if it is a visit to that enterprise. */
export async function visitOfEnterprise(
  db: SqlQueryable,
  visitId: string,
  enterpriseId: string,
): Promise<boolean> {
  const found = await rows(db, `SELECT 1 FROM visits WHERE id = $1 AND enterprise_id = $2`, [
    visitId,
    enterpriseId,
  ]);
  return found.length > 0;
}

const LINK_VISIT_CASE = prepared(
  'link_visit_case',
  `INSERT INTO visit_cases (visit_id, case_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
);

/** Links a case to the visit it was raised in (on the pool, or on the intake's own connection). */
export async function linkVisitCase(
  db: DataSource | PgQueryable,
  visitId: string,
  caseId: string,
): Promise<void> {
  await queryPrepared(db, LINK_VISIT_CASE, [visitId, caseId]);
}

/** The visit ledger of a scope (null: everything), oldest first, in keyset batches (for the Excel export). */
export async function* visitLedgerBatches(
  db: SqlQueryable,
  scopeUnitId: string | null,
  from: Date | null,
  to: Date | null,
  batch = 2000,
): AsyncGenerator<VisitView[]> {
  let after: [Date, string] | null = null;
  for (;;) {
    const params: unknown[] = [];
    const where: string[] = [];
    if (scopeUnitId) {
      params.push(scopeUnitId);
      where.push(`v.town_id IN ${SUBTREE(`$${params.length}::uuid`)}`);
    }
    if (from) {
      params.push(from);
      where.push(`v.visited_at >= $${params.length}`);
    }
    if (to) {
      params.push(to);
      where.push(`v.visited_at < $${params.length}`);
    }
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(v.visited_at, v.id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(batch);
    const list = await rows<VisitRow>(
      db,
      `SELECT ${VISIT_COLUMNS} FROM ${VISIT_FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY v.visited_at, v.id LIMIT $${params.length}`,
      params,
    );
    if (!list.length) return;
    yield list.map(toVisitView);
    if (list.length < batch) return;
    const last = list[list.length - 1];
    after = [last.visited_at, last.id];
  }
}

// ------------------------------------------------------------------ the visits dashboard

/** A scope's visit figures: the contract's, without the town. */
export type VisitCounts = Omit<TownVisitCounts, 'unitId' | 'unitName'>;
/** A town's visit figures, as the API answers them. */
export type TownVisitCounts = TownVisitCountsDto;
/** One instructor's visits, as the API answers them. */
export type InstructorVisits = InstructorVisitsDto;

/**
 * Per town of a scope (null: all), the enterprises visited in the last 7 and 30 days and never visited (from
 * `enterprises.last_visit_at`, kept by every visit: one index range per town), and per instructor or visitor
 * his visits.
 */
export async function visitDashboard(
  db: SqlQueryable,
  scopeUnitId: string | null,
  now: Date,
): Promise<{ totals: VisitCounts; byTown: TownVisitCounts[]; byInstructor: InstructorVisits[] }> {
  const towns = scopeUnitId
    ? `SELECT id FROM ${SUBTREE('$1::uuid')} s`
    : `SELECT id FROM units WHERE $1::uuid IS NULL`;
  type TownRow = {
    id: string;
    name: string;
    enterprises: number;
    visited7d: number;
    visited30d: number;
    never: number;
  };
  const [byTown, byUser] = await Promise.all([
    rows<TownRow>(
      db,
      // from the counters of enterprises per town and day of their latest visit (migration VisitTownCounters):
      // the whole days after a window's first day, and the rest of that day by an index range per town
      `WITH w AS (SELECT $2::timestamptz - interval '7 days' AS w7, $2::timestamptz - interval '30 days' AS w30),
            edge AS (SELECT w7, (w7 AT TIME ZONE 'UTC')::date AS d7, (((w7 AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC') AS n7,
                            w30, (w30 AT TIME ZONE 'UTC')::date AS d30, (((w30 AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC') AS n30
                       FROM w),
            t AS (SELECT u.id, u.name FROM units u WHERE u.kind = 'town' AND u.id IN (${towns})),
            c AS (SELECT x.town_id, sum(x.n)::int AS enterprises,
                         sum(x.n) FILTER (WHERE x.day > (SELECT d7 FROM edge))::int AS visited7d,
                         sum(x.n) FILTER (WHERE x.day > (SELECT d30 FROM edge))::int AS visited30d,
                         sum(x.n) FILTER (WHERE x.day = '-infinity')::int AS never
                    FROM visit_town_days x WHERE x.town_id IN (SELECT id FROM t) GROUP BY 1)
       SELECT t.id, t.name, c.enterprises,
              coalesce(c.visited7d, 0) + (SELECT count(*) FROM enterprises e WHERE e.town_id = t.id
                 AND e.last_visit_at > (SELECT w7 FROM edge) AND e.last_visit_at < (SELECT n7 FROM edge))::int AS visited7d,
              coalesce(c.visited30d, 0) + (SELECT count(*) FROM enterprises e WHERE e.town_id = t.id
                 AND e.last_visit_at > (SELECT w30 FROM edge) AND e.last_visit_at < (SELECT n30 FROM edge))::int AS visited30d,
              coalesce(c.never, 0) AS never
         FROM t JOIN c ON c.town_id = t.id
        WHERE c.enterprises > 0
        ORDER BY t.name`,
      [scopeUnitId, now],
    ),
    rows<{
      id: string;
      name: string;
      role: string;
      enterprises: number;
      visits: number;
      visits30d: number;
      visited30d: number;
      last: Date | null;
    }>(
      db,
      // from the counters kept by the trigger on `visits` (migration VisitCounters), per enterprise's town: per
      // town and visitor all time, per town, day and visitor the last 30 days' whole days; the rest of the
      // window's first day by index ranges: its visits (by time, of the scope's enterprises) and the pairs
      // whose latest visit it is. No visit of the scope read whole
      // (tools/bench `visits`: the city's answer read all 100,000 visits)
      `WITH t AS (${towns}),
            w AS (SELECT $2::timestamptz - interval '30 days' AS at),
            edge AS (SELECT w.at, (w.at AT TIME ZONE 'UTC')::date AS d,
                            (((w.at AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC') AS next FROM w),
            s AS (SELECT visitor_id, sum(visits)::int AS visits, max(last_visit_at) AS last FROM visit_stats
                   WHERE town_id IN (SELECT id FROM t) GROUP BY 1),
            win AS (SELECT visitor_id, visits, pairs_last FROM visit_daily
                     WHERE town_id IN (SELECT id FROM t) AND day > (SELECT d FROM edge)
                    UNION ALL
                    SELECT v.visitor_id, 1, 0 FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
                     WHERE v.visited_at > (SELECT at FROM edge) AND v.visited_at < (SELECT next FROM edge)
                       AND e.town_id IN (SELECT id FROM t)
                    UNION ALL
                    SELECT visitor_id, 0, 1 FROM visit_pairs
                     WHERE town_id IN (SELECT id FROM t) AND last_visit_at > (SELECT at FROM edge) AND last_visit_at < (SELECT next FROM edge)),
            w30 AS (SELECT visitor_id, sum(visits)::int AS visits30d, sum(pairs_last)::int AS visited30d FROM win GROUP BY 1),
            v AS (SELECT s.visitor_id, s.visits, coalesce(w30.visits30d, 0) AS visits30d,
                         coalesce(w30.visited30d, 0) AS visited30d, s.last
                    FROM s LEFT JOIN w30 ON w30.visitor_id = s.visitor_id),
            a AS (SELECT user_id, sum(n)::int AS enterprises FROM instructor_assignments
                   WHERE town_id IN (SELECT id FROM t) GROUP BY 1 HAVING sum(n) > 0)
       SELECT u.id, coalesce(nullif(u.display_name, ''), u.username) AS name, u.role,
              coalesce(a.enterprises, 0) AS enterprises, coalesce(v.visits, 0) AS visits,
              coalesce(v.visits30d, 0) AS visits30d, coalesce(v.visited30d, 0) AS visited30d, v.last
         FROM users u LEFT JOIN a ON a.user_id = u.id LEFT JOIN v ON v.visitor_id = u.id
        WHERE a.user_id IS NOT NULL OR v.visitor_id IS NOT NULL
        ORDER BY coalesce(v.visits30d, 0) DESC, name, u.id`,
      [scopeUnitId, now],
    ),
  ]);
  const town = (r: TownRow): TownVisitCounts => ({
    unitId: r.id,
    unitName: r.name,
    enterprises: Number(r.enterprises),
    visited7d: Number(r.visited7d),
    visited30d: Number(r.visited30d),
    neverVisited: Number(r.never),
  });
  const list = byTown.map(town);
  const totals = list.reduce<VisitCounts>(
    (a, t) => ({
      enterprises: a.enterprises + t.enterprises,
      visited7d: a.visited7d + t.visited7d,
      visited30d: a.visited30d + t.visited30d,
      neverVisited: a.neverVisited + t.neverVisited,
    }),
    { enterprises: 0, visited7d: 0, visited30d: 0, neverVisited: 0 },
  );
  return {
    totals,
    byTown: list,
    byInstructor: byUser.map((r) => ({
      userId: r.id,
      name: r.name,
      role: r.role,
      enterprises: Number(r.enterprises),
      visits: Number(r.visits),
      visits30d: Number(r.visits30d),
      visitedEnterprises30d: Number(r.visited30d),
      lastVisitAt: r.last ? new Date(r.last).toISOString() : null,
    })),
  };
}

/** Is `unitId` a unit at or under `within`? */
export async function unitWithin(db: SqlQueryable, unitId: string, within: string): Promise<boolean> {
  const found = await rows(db, `SELECT 1 FROM ${SUBTREE('$2::uuid')} s WHERE s.id = $1::uuid`, [
    unitId,
    within,
  ]);
  return found.length > 0;
}

export async function unitKind(db: SqlQueryable, unitId: string): Promise<string | null> {
  const [r] = await rows<{ kind: string }>(db, `SELECT kind FROM units WHERE id = $1`, [unitId]);
  return r?.kind ?? null;
}

// ------------------------------------------------------------------ resumption figures

export interface ResumptionFigures {
  enterprises: number;
  above: number;
  below: number;
  byStatus: { not_resumed: number; resumed: number; full_capacity: number };
  headcount: number;
  returnedHeadcount: number;
  /** the last 30 local days, oldest first: enterprises resumed (or at full capacity) and staff back, end of day */
  trend: { date: string; resumed: number; returnedHeadcount: number }[];
}

type StatsRow = {
  scale: string;
  resumption: string;
  n: number | string;
  headcount: number | string;
  returned_headcount: number | string;
};

function fold(list: StatsRow[]): Omit<ResumptionFigures, 'trend'> {
  const f = {
    enterprises: 0,
    above: 0,
    below: 0,
    byStatus: { not_resumed: 0, resumed: 0, full_capacity: 0 },
    headcount: 0,
    returnedHeadcount: 0,
  };
  for (const r of list) {
    const n = Number(r.n);
    f.enterprises += n;
    if (r.scale === 'above') f.above += n;
    else f.below += n;
    if (r.resumption in f.byStatus) f.byStatus[r.resumption as keyof typeof f.byStatus] += n;
    f.headcount += Number(r.headcount);
    f.returnedHeadcount += Number(r.returned_headcount);
  }
  return f;
}

/**
 * A unit's resumption figures (null: all; a bureau: the county or city it serves) from the counters, and the 30-day trend from the daily changes:
 * two primary-key ranges, whatever the number of enterprises. `days` are the last 30 local days, oldest first.
 */
export async function resumptionFigures(
  db: SqlQueryable,
  unitId: string | null,
  days: string[],
): Promise<ResumptionFigures> {
  const [r] = await rows<{ stats: StatsRow[]; daily: { day: string; resumed: number; returned: string }[] }>(
    db,
    `WITH s AS (SELECT coalesce((SELECT CASE WHEN u.kind = 'bureau' THEN u.parent_id ELSE u.id END FROM units u WHERE u.id = $1), $1) AS id)
     SELECT (SELECT coalesce(json_agg(x), '[]') FROM (
               SELECT scale, resumption, n, headcount, returned_headcount FROM resumption_stats WHERE unit_id = (SELECT id FROM s)) x) AS stats,
            (SELECT coalesce(json_agg(x), '[]') FROM (
               SELECT to_char(day, 'YYYY-MM-DD') AS day, resumed, returned_headcount AS returned
                 FROM resumption_daily WHERE unit_id = (SELECT id FROM s) AND day > $2::date) x) AS daily`,
    [unitId ?? ALL_SCOPE, days[0]],
  );
  const figures = fold(r?.stats ?? []);
  return { ...figures, trend: trendBack(figures, r?.daily ?? [], days) };
}

/** End-of-day figures, walking back from today's: a day's figure is the next day's minus the next day's change. */
export function trendBack(
  now: { byStatus: { resumed: number; full_capacity: number }; returnedHeadcount: number },
  daily: { day: string; resumed: number | string; returned: number | string }[],
  days: string[],
): ResumptionFigures['trend'] {
  const change = new Map(daily.map((d) => [d.day, d]));
  let resumed = now.byStatus.resumed + now.byStatus.full_capacity;
  let returned = now.returnedHeadcount;
  const out: ResumptionFigures['trend'] = [];
  for (let i = days.length - 1; i >= 0; i--) {
    const date = days[i];
    out.push({ date, resumed, returnedHeadcount: returned });
    const c = change.get(date);
    if (c) {
      resumed -= Number(c.resumed);
      returned -= Number(c.returned);
    }
  }
  return out.reverse();
}

/** The same figures by a plain GROUP BY over `enterprises`: the reference the counters must equal. */
export async function resumptionByGroupBy(
  db: SqlQueryable,
  unitId: string | null,
): Promise<Omit<ResumptionFigures, 'trend'>> {
  const list = await rows<StatsRow>(
    db,
    `SELECT e.scale, e.resumption, count(*)::int AS n, sum(e.headcount)::bigint AS headcount, sum(e.returned_headcount)::bigint AS returned_headcount
       FROM enterprises e ${unitId ? `WHERE e.unit_id IN ${SUBTREE('$1::uuid')}` : ''} GROUP BY 1, 2`,
    unitId ? [unitId] : [],
  );
  return fold(list);
}

/** An enterprise's resumption history, newest first. */
export async function resumptionHistory(
  db: SqlQueryable,
  enterpriseId: string,
  limit = 50,
): Promise<
  {
    at: string;
    fromResumption: string | null;
    toResumption: string;
    headcount: number;
    fromReturnedHeadcount: number | null;
    toReturnedHeadcount: number;
  }[]
> {
  // in the order the changes were made: the rows of one enterprise are numbered under its row lock, while `at`
  // is the writing transaction's start (or a loader's back-dated clock), which a later change can precede
  const list = await rows<{
    at: Date;
    from_resumption: string | null;
    to_resumption: string;
    headcount: number;
    from_returned_headcount: number | null;
    to_returned_headcount: number;
  }>(
    db,
    `SELECT at, from_resumption, to_resumption, headcount, from_returned_headcount, to_returned_headcount
       FROM enterprise_resumption_history WHERE enterprise_id = $1 ORDER BY id DESC LIMIT $2`,
    [enterpriseId, limit],
  );
  return list.map((r) => ({
    at: new Date(r.at).toISOString(),
    fromResumption: r.from_resumption,
    toResumption: r.to_resumption,
    headcount: Number(r.headcount),
    fromReturnedHeadcount: r.from_returned_headcount === null ? null : Number(r.from_returned_headcount),
    toReturnedHeadcount: Number(r.to_returned_headcount),
  }));
}

/** The resumption figures of an instructor's own enterprises (a handful: a plain GROUP BY); no trend. */
export async function resumptionOfInstructor(db: SqlQueryable, userId: string): Promise<ResumptionFigures> {
  const list = await rows<StatsRow>(
    db,
    `SELECT e.scale, e.resumption, count(*)::int AS n, sum(e.headcount)::bigint AS headcount, sum(e.returned_headcount)::bigint AS returned_headcount
       FROM enterprises e JOIN enterprise_instructors ei ON ei.enterprise_id = e.id AND ei.user_id = $1 GROUP BY 1, 2`,
    [userId],
  );
  return { ...fold(list), trend: [] };
}

// ------------------------------------------------------------------ loaders (demo data, bulk imports)

/**
 * The clock of the resumption history and daily changes for the rest of the caller's transaction (the
 * triggers read `taizhang.as_of`, default now()): a loader back-dating what happened.
 */
export async function setResumptionClock(db: SqlQueryable, at: Date): Promise<void> {
  await db.query(`SELECT set_config('taizhang.as_of', $1, true)`, [at.toISOString()]);
}

export interface BulkVisit {
  enterpriseId: string;
  visitorId: string;
  visitedAt: Date;
  note: string;
  problemsRaised: number;
  resumption: string | null;
  returnedHeadcount: number | null;
}

/**
 * Many visits in two statements (at most one visit per enterprise in a batch): the visits, then each
 * enterprise's latest visit time and the figures its visit reported.
 */
export async function insertVisitsBulk(db: SqlQueryable, visits: BulkVisit[]): Promise<void> {
  if (!visits.length) return;
  const col = <K extends keyof BulkVisit>(k: K) => visits.map((v) => v[k]);
  await db.query(
    `WITH v AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::int[], $6::text[], $7::int[])
                  AS x(enterprise_id, visitor_id, visited_at, note, problems_raised, resumption, returned_headcount)),
          ins AS (INSERT INTO visits (enterprise_id, town_id, visitor_id, visited_at, note, problems_raised, resumption, returned_headcount)
                  SELECT v.enterprise_id, e.town_id, v.visitor_id, v.visited_at, v.note, v.problems_raised, v.resumption, v.returned_headcount
                    FROM v JOIN enterprises e ON e.id = v.enterprise_id RETURNING 1)
     UPDATE enterprises e SET last_visit_at = GREATEST(e.last_visit_at, v.visited_at),
            resumption = coalesce(v.resumption, e.resumption),
            returned_headcount = LEAST(e.headcount, coalesce(v.returned_headcount, e.returned_headcount))
       FROM v WHERE e.id = v.enterprise_id`,
    [
      col('enterpriseId'),
      col('visitorId'),
      col('visitedAt'),
      col('note'),
      col('problemsRaised'),
      col('resumption'),
      col('returnedHeadcount'),
    ],
  );
}

/** Every enterprise with an instructor: its first instructor and its current figures (for loaders). */
export async function enterprisesWithInstructor(
  db: SqlQueryable,
): Promise<{ enterprise_id: string; user_id: string; resumption: string; returned_headcount: number }[]> {
  return rows(
    db,
    `SELECT DISTINCT ON (ei.enterprise_id) ei.enterprise_id, ei.user_id, e.resumption, e.returned_headcount
       FROM enterprise_instructors ei JOIN enterprises e ON e.id = ei.enterprise_id ORDER BY ei.enterprise_id, ei.user_id`,
  );
}
