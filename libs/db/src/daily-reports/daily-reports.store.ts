import { DAILY_FIGURES, type DailyFigure } from '@taizhang/contracts';
import {
  AWAITING_RESPONSE_STATUSES,
  PENDING_STATUSES,
  addLocalDays,
  isLocalDate,
  shanghaiDate,
  shanghaiDayStart,
  sqlStatusList,
} from '@taizhang/domain';
import type { EntityManager } from 'typeorm';
import type { CasesRow } from '../cases/case-rows';
import { inUnitSubtree } from '../reference/units.store';

/** Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner. */
type Queryable = Pick<EntityManager, 'query'>;

/** The local day (Asia/Shanghai, UTC+8 all year) as instants: [start, end). */
export function shanghaiDayBounds(reportDate: string): { dayStart: Date; dayEnd: Date } {
  if (!isLocalDate(reportDate)) throw new RangeError(`not a date written YYYY-MM-DD: "${reportDate}"`);
  return { dayStart: shanghaiDayStart(reportDate), dayEnd: shanghaiDayStart(addLocalDays(reportDate, 1)) };
}

/** The local date before the one `now` falls on, in Asia/Shanghai: the day a run after midnight freezes. */
export function yesterdayInShanghai(now: Date): string {
  return addLocalDays(shanghaiDate(now), -1);
}

const PENDING = sqlStatusList(PENDING_STATUSES);

/** SQL: the towns, counties and cities without a frozen row for the day `$1`. */
const UNFROZEN_UNITS = `SELECT u.id FROM units u
      WHERE u.kind IN ('town', 'county', 'city')
        AND NOT EXISTS (SELECT 1 FROM daily_reports d WHERE d.unit_id = u.id AND d.report_date = $1::date)`;

/**
 * 每日清零: freeze the figures of `reportDate` for every town, county and city. Idempotent: a unit/day that
 * is already frozen is left alone (only the units without a row are counted, and INSERT … ON CONFLICT DO
 * NOTHING covers a concurrent freeze), so the numbers never move afterwards.
 *
 * For each unit, over the cases of its subtree (town_id, county_id or city_id is the unit):
 * - opened: opened that day; solved: a `resolve` event that day;
 * - pending: open / in progress / escalated at the cut-off;
 * - overdue: pending at the cut-off and marked overdue, or past the deadline that applied then.
 * The state at the cut-off is read from the audit ledger (the last event before it), so a freeze that runs
 * late, or after the cases changed again, still reports the day as it was. The cut-off defaults to the end
 * of the day. Answers how many unit rows were frozen by this call.
 */
export async function freezeDailyReports(
  q: Queryable,
  reportDate: string,
  opts: { cutoff?: Date; frozenAt?: Date } = {},
): Promise<number> {
  const { dayStart, dayEnd } = shanghaiDayBounds(reportDate);
  const cutoff = opts.cutoff ?? dayEnd;
  // Only the units without a row for that day are counted, over only their cases. The worker queues
  // yesterday's freeze at each start (a catch-up): counting the day again over every pending case only to
  // insert nothing held the database for seconds (about 7 s of CPU in a bench run at 200,000 cases;
  // tools/bench/README.md, "Cost check of issue 16"). A day frozen for every unit is answered by this first
  // read alone.
  const [missing]: { n: number }[] = await q.query(`SELECT count(*)::int AS n FROM (${UNFROZEN_UNITS}) m`, [
    reportDate,
  ]);
  if (!missing?.n) return 0;
  const rows: unknown[] = await q.query(
    `WITH missing AS (${UNFROZEN_UNITS}), subject AS (
       SELECT c.id, c.town_id, c.county_id, c.city_id, c.opened_at, c.respond_by, c.resolve_by
         FROM cases c
        WHERE c.opened_at < $3 AND (c.status IN ${PENDING} OR c.updated_at >= $2)
          AND (c.town_id IN (SELECT id FROM missing) OR c.county_id IN (SELECT id FROM missing)
               OR c.city_id IN (SELECT id FROM missing))
     ), at_cut AS (
       SELECT s.id, s.town_id, s.county_id, s.city_id, s.opened_at,
              st.to_status AS status_at,
              COALESCE(ov.overdue, false) AS flag_at,
              COALESCE(dl.respond_by, s.respond_by) AS respond_by_at,
              COALESCE(dl.resolve_by, s.resolve_by) AS resolve_by_at,
              EXISTS (SELECT 1 FROM case_events ev WHERE ev.case_id = s.id AND ev.type = 'resolve' AND ev.at >= $2 AND ev.at < $3) AS solved_that_day
         FROM subject s
         LEFT JOIN LATERAL (SELECT ev.to_status FROM case_events ev WHERE ev.case_id = s.id AND ev.at < $3
                             ORDER BY ev.seq DESC LIMIT 1) st ON true
         LEFT JOIN LATERAL (SELECT (ev.payload->>'overdue')::boolean AS overdue FROM case_events ev
                             WHERE ev.case_id = s.id AND ev.at < $3 AND ev.payload ? 'overdue' ORDER BY ev.seq DESC LIMIT 1) ov ON true
         LEFT JOIN LATERAL (SELECT (ev.payload->>'respondBy')::timestamptz AS respond_by, (ev.payload->>'resolveBy')::timestamptz AS resolve_by
                              FROM case_events ev WHERE ev.case_id = s.id AND ev.at < $3 AND ev.payload ? 'resolveBy'
                             ORDER BY ev.seq DESC LIMIT 1) dl ON true
     ), counts AS (
       SELECT x.unit_id,
              count(*) FILTER (WHERE a.opened_at >= $2)::int AS opened,
              count(*) FILTER (WHERE a.solved_that_day)::int AS solved,
              count(*) FILTER (WHERE a.status_at IN ${PENDING})::int AS pending,
              count(*) FILTER (WHERE a.status_at IN ${PENDING}
                                 AND (a.flag_at OR a.resolve_by_at < $3 OR (a.status_at IN ${sqlStatusList(AWAITING_RESPONSE_STATUSES)} AND a.respond_by_at < $3)))::int AS overdue
         FROM at_cut a CROSS JOIN LATERAL unnest(ARRAY[a.town_id, a.county_id, a.city_id]) AS x(unit_id)
        WHERE x.unit_id IS NOT NULL
        GROUP BY x.unit_id
     )
     INSERT INTO daily_reports (unit_id, report_date, opened, solved, pending, overdue, frozen_at)
     SELECT u.id, $1::date, COALESCE(k.opened, 0), COALESCE(k.solved, 0), COALESCE(k.pending, 0), COALESCE(k.overdue, 0), $4
       FROM missing u LEFT JOIN counts k ON k.unit_id = u.id
     ON CONFLICT (unit_id, report_date) DO NOTHING
     RETURNING unit_id`,
    [reportDate, dayStart, cutoff, opts.frozenAt ?? new Date()],
  );
  return rows.length;
}

// ---------------------------------------------------------------- today's live view and drill-down

/** Figures a past day can be drilled into: they come from the events of that day, which never change. */
export const PAST_DAY_FIGURES: readonly DailyFigure[] = ['opened', 'answered', 'solved'];

export type DailyFigures = Record<DailyFigure, number>;

const AWAITING = sqlStatusList(AWAITING_RESPONSE_STATUSES);
const COLUMN: Record<'town' | 'county' | 'city', string> = {
  town: 'c.town_id',
  county: 'c.county_id',
  city: 'c.city_id',
};

/**
 * One condition on `cases c` per figure, for the cases of a unit ($1) on a day [$2, $3) as of $4:
 * - opened: opened that day; answered: left an awaiting-response status (accepted, assigned) that day;
 * - solved: a `resolve` event that day (as the frozen report counts it);
 * - pending: open / in progress / escalated now; pendingOverDay: of them, opened more than 24 h ago;
 * - overdue: pending now and marked overdue, or past the deadline that applies now.
 */
const FIGURE_WHERE: Record<DailyFigure, string> = {
  opened: `c.opened_at >= $2 AND c.opened_at < $3`,
  answered: `c.updated_at >= $2 AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.at >= $2 AND e.at < $3
               AND e.from_status IN ${AWAITING} AND e.to_status NOT IN ${AWAITING})`,
  solved: `c.updated_at >= $2 AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'resolve' AND e.at >= $2 AND e.at < $3)`,
  pending: `c.status IN ${PENDING}`,
  pendingOverDay: `c.status IN ${PENDING} AND c.opened_at < $4::timestamptz - interval '24 hours'`,
  overdue: `c.status IN ${PENDING} AND (c.overdue OR c.resolve_by < $4 OR (c.status IN ${AWAITING} AND c.respond_by < $4))`,
};

/** The unit's kind when it is a town, county or city (null otherwise): which column of `cases` it is. */
async function reportUnit(
  q: Queryable,
  unitId: string,
): Promise<{ kind: 'town' | 'county' | 'city'; name: string } | null> {
  const [u]: { kind: 'town' | 'county' | 'city'; name: string }[] = await q.query(
    `SELECT kind, name FROM units WHERE id = $1 AND kind IN ('town', 'county', 'city')`,
    [unitId],
  );
  return u ?? null;
}

/** Today's figures of a town, county or city, live (null: not such a unit). */
export async function liveDailyFigures(
  q: Queryable,
  unitId: string,
  now: Date,
): Promise<(DailyFigures & { unitName: string }) | null> {
  const unit = await reportUnit(q, unitId);
  if (!unit) return null;
  const kind = unit.kind;
  const { dayStart, dayEnd } = shanghaiDayBounds(shanghaiDate(now));
  const counts = DAILY_FIGURES.map((f) => `count(*) FILTER (WHERE ${FIGURE_WHERE[f]})::int AS "${f}"`).join(
    ', ',
  );
  const [r]: Record<string, number>[] = await q.query(
    `SELECT ${counts} FROM cases c
      WHERE ${COLUMN[kind]} = $1 AND (c.opened_at >= $2 OR c.updated_at >= $2 OR c.status IN ${PENDING})`,
    [unitId, dayStart, dayEnd, now],
  );
  return {
    unitName: unit.name,
    ...(Object.fromEntries(DAILY_FIGURES.map((f) => [f, Number(r?.[f] ?? 0)])) as DailyFigures),
  };
}

export interface DailyFigureCaseRow {
  id: string;
  ledgerNo: string;
  title: string;
  enterpriseName: string;
  status: string;
  overdue: boolean;
  openedAt: string;
  resolveBy: string | null;
  unitName: string;
}

/** The cases behind one figure of one unit and day (today's pending and overdue: as of `now`), oldest first, at most `limit`. */
export async function dailyFigureCases(
  q: Queryable,
  unitId: string,
  day: string,
  figure: DailyFigure,
  now: Date,
  limit = 1000,
): Promise<DailyFigureCaseRow[] | null> {
  const kind = (await reportUnit(q, unitId))?.kind;
  if (!kind) return null;
  const { dayStart, dayEnd } = shanghaiDayBounds(day);
  const rows: (Pick<
    CasesRow,
    'id' | 'ledger_no' | 'title' | 'status' | 'overdue' | 'opened_at' | 'resolve_by'
  > & { enterprise_name: string; unit_name: string })[] = await q.query(
    `SELECT c.id, c.ledger_no, c.title, e.name AS enterprise_name, c.status, c.overdue, c.opened_at, c.resolve_by, u.name AS unit_name
       FROM cases c JOIN enterprises e ON e.id = c.enterprise_id JOIN units u ON u.id = c.unit_id
      WHERE ${COLUMN[kind]} = $1 AND ${FIGURE_WHERE[figure]}
        AND $2::timestamptz IS NOT NULL AND $3::timestamptz IS NOT NULL AND $4::timestamptz IS NOT NULL -- (typed when unused)
      ORDER BY c.opened_at, c.id LIMIT ${Math.max(1, Math.floor(limit))}`,
    [unitId, dayStart, dayEnd, now],
  );
  return rows.map((r) => ({
    id: r.id,
    ledgerNo: r.ledger_no,
    title: r.title,
    enterpriseName: r.enterprise_name,
    status: r.status,
    overdue: Boolean(r.overdue),
    openedAt: new Date(r.opened_at).toISOString(),
    resolveBy: r.resolve_by ? new Date(r.resolve_by).toISOString() : null,
    unitName: r.unit_name,
  }));
}

/** One frozen daily report row, with its unit. */
export interface DailyReportRow {
  unit_id: string;
  unit_name: string;
  unit_kind: 'city' | 'county' | 'town';
  /** YYYY-MM-DD */
  report_date: string;
  opened: number;
  solved: number;
  pending: number;
  overdue: number;
  frozen_at: Date;
}

/** Whose reports: everything (admin), or a unit's subtree. */
export type ReportScope = { all: true } | { all: false; unitId: string };

/** Whether `unitId` is a town, county or city within `scope`. */
export async function isReportUnitInScope(
  q: Queryable,
  unitId: string,
  scope: ReportScope,
): Promise<boolean> {
  const params: unknown[] = [unitId];
  const within = scope.all ? 'TRUE' : inUnitSubtree('id', scope.unitId, params);
  const found = await q.query<unknown[]>(
    `SELECT 1 FROM units WHERE id = $1 AND kind IN ('city','county','town') AND ${within}`,
    params,
  );
  return found.length > 0;
}

/**
 * The frozen reports from `from` to `to` (inclusive, YYYY-MM-DD) of one unit (`unitId`, checked by the
 * caller) or of every unit in `scope`: newest day first, then city, county, town, by code.
 */
export async function listDailyReports(
  q: Queryable,
  f: { from: string; to: string; scope: ReportScope; unitId?: string },
): Promise<DailyReportRow[]> {
  const params: unknown[] = [f.from, f.to];
  let where: string;
  if (f.unitId) {
    params.push(f.unitId);
    where = `r.unit_id = $${params.length}`;
  } else {
    where = f.scope.all ? 'TRUE' : inUnitSubtree('r.unit_id', f.scope.unitId, params);
  }
  return await q.query<DailyReportRow[]>(
    `SELECT r.unit_id, u.name AS unit_name, u.kind AS unit_kind, to_char(r.report_date, 'YYYY-MM-DD') AS report_date,
            r.opened, r.solved, r.pending, r.overdue, r.frozen_at
       FROM daily_reports r JOIN units u ON u.id = r.unit_id
      WHERE r.report_date BETWEEN $1::date AND $2::date AND ${where}
      ORDER BY r.report_date DESC, array_position(ARRAY['city','county','town'], u.kind), u.code`,
    params,
  );
}
