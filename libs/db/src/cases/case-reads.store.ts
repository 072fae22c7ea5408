import type { EntityManager } from 'typeorm';
import type { CasesRow } from './case-rows';
import {
  LedgerListing,
  LedgerViewer,
  caseVisibility,
  ledgerCondition,
  ledgerSearchArms,
  ledgerWhere,
} from './ledger-filter';
import {
  LedgerPosition,
  LedgerSort,
  ledgerAfter,
  ledgerLeadingOrder,
  ledgerOrderBy,
  ledgerSortValue,
} from './ledger-order';

/**
 * The API's reads of cases (one case with its events and hops, a ledger page, the list's totals) and the
 * small lookups an action needs, each one query with a typed row.
 */

/** Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner. */
type Queryable = Pick<EntityManager, 'query'>;

/** A `cases` row (`c.*`, snake_case columns) with what the API's case reads join to it. */
export type CaseRow = CasesRow & {
  enterprise_name: string;
  enterprise_key: boolean;
  unit_name: string;
  unit_parent_id: string | null;
};

/** A ledger page's row: the case and its sort column as text (what the next page's cursor seeks past). */
export type LedgerPageRow = CaseRow & { sort_value: string | null };

const CASE_COLUMNS = `c.*, e.name AS enterprise_name, e.key AS enterprise_key, u.name AS unit_name, u.parent_id AS unit_parent_id`;
const CASE_FROM = `cases c JOIN enterprises e ON e.id = c.enterprise_id JOIN units u ON u.id = c.unit_id`;

/** One case, if the viewer may see it (the jurisdiction rule of `caseVisibility`). */
export async function loadVisibleCase(
  q: Queryable,
  viewer: LedgerViewer,
  id: string,
): Promise<CaseRow | undefined> {
  const params: unknown[] = [id];
  const cond = caseVisibility(viewer, params);
  const rows: CaseRow[] = await q.query(
    `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.id = $1 AND ${cond}`,
    params,
  );
  return rows[0];
}

/**
 * The rows of these cases that the viewer may see, locked for a change (FOR UPDATE, in id order so that
 * two batches over the same cases cannot deadlock).
 */
export function lockVisibleCases(q: Queryable, viewer: LedgerViewer, ids: string[]): Promise<CaseRow[]> {
  const params: unknown[] = [ids];
  const cond = caseVisibility(viewer, params);
  return q.query(
    `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.id = ANY($1::uuid[]) AND ${cond} ORDER BY c.id FOR UPDATE OF c`,
    params,
  );
}

/** One page of a listing: its order, where the previous page ended (keyset) or an offset, and its size. */
export interface LedgerPageQuery extends LedgerListing {
  sort: LedgerSort;
  /** the last row of the previous page (keyset paging), or null */
  after: LedgerPosition | null;
  limit: number;
  offset: number;
}

/**
 * One page of the ledger (GET /api/cases): the condition of `ledgerWhere` (the same as the downloads and the
 * worker's export job), past `after` when given, in the order of `sort` (see ./ledger-order); each row carries
 * its sort value as text for the next page's cursor.
 */
export async function ledgerPage(q: Queryable, page: LedgerPageQuery): Promise<LedgerPageRow[]> {
  const params: unknown[] = [];
  const where = await ledgerCondition(q, page, params);
  const seek = page.after ? ` AND ${ledgerAfter(page.sort, page.after, params)}` : '';
  const order = `${ledgerLeadingOrder(page.filters, page.sort)}${ledgerOrderBy(page.sort)}`;
  const limit = Math.max(0, Math.floor(page.limit));
  const offset = Math.max(0, Math.floor(page.offset));
  // The page's cases first, then their enterprise and unit: joined before the LIMIT, a search whose row estimate
  // is large (an OR of indexes) had the planner hash all 50,000 enterprises for a one-row page.
  return q.query(
    `SELECT ${CASE_COLUMNS} FROM (
         SELECT c.*, ${ledgerSortValue(page.sort)} AS sort_value FROM cases c WHERE ${where}${seek}
          ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) c
       JOIN enterprises e ON e.id = c.enterprise_id JOIN units u ON u.id = c.unit_id
      ORDER BY ${order}`,
    params,
  );
}

/**
 * The number of cases of a listing (counted). A search is counted as (its enterprise arm) + (its number-or-title
 * arm without the enterprise arm's cases): the same number, but the first part can be counted on
 * `ix_cases_enterprise` alone where the viewer's jurisdiction needs no other column, where the OR of the arms
 * read every matching case (17,336 for a name at 5.66M cases: 41 ms, against 9 ms).
 */
export async function countLedger(q: Queryable, l: LedgerListing): Promise<number> {
  const params: unknown[] = [];
  if (!l.filters.q) return countCases(q, await ledgerCondition(q, l, params), params);
  const base = await ledgerWhere(q, l.viewer, { ...l.filters, q: undefined }, params, l.kinds);
  const arms = await ledgerSearchArms(q, l.filters, params);
  const [r]: { total: number }[] = await q.query(
    `SELECT ((SELECT count(*) FROM cases c WHERE ${base} AND ${arms.enterprise})
           + (SELECT count(*) FROM cases c WHERE ${base} AND (${arms.numberOrTitle})
                                          AND NOT coalesce(${arms.enterprise}, FALSE)))::int AS total`,
    params,
  );
  return Number(r?.total ?? 0);
}

/** The planner's row estimate for a listing (no scan): the `total` of keyset pages. */
export async function estimateLedger(q: Queryable, l: LedgerListing): Promise<number> {
  const params: unknown[] = [];
  const where = await ledgerCondition(q, l, params);
  const [r]: { 'QUERY PLAN'?: { Plan?: { 'Plan Rows'?: number } }[] }[] = await q.query(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM cases c WHERE ${where}`,
    params,
  );
  const plan = r?.['QUERY PLAN'];
  return Math.round(plan?.[0]?.Plan?.['Plan Rows'] ?? 0);
}

/** The number of cases matching `where` (a condition on `cases c` from `ledgerWhere`, with its parameters). */
export async function countCases(q: Queryable, where: string, params: unknown[]): Promise<number> {
  const [r]: { total: number }[] = await q.query(
    `SELECT count(*)::int AS total FROM cases c WHERE (${where})`,
    params,
  );
  return Number(r?.total ?? 0);
}

/** The filters the dashboard counters can answer a list's total for. */
export interface CounterFilters {
  status?: string[];
  category?: string;
  level?: number;
  overdue?: boolean;
}

/** The number of cases of a dashboard unit (`scope`) matching the filters, from the counters and their deltas. */
export async function countCasesFromCounters(
  q: Queryable,
  scope: string,
  f: CounterFilters,
): Promise<number> {
  const params: unknown[] = [scope];
  const cond = ['unit_id = $1'];
  if (f.status?.length) cond.push(`status = ANY($${params.push(f.status)}::text[])`);
  if (f.category) cond.push(`category_code = $${params.push(f.category)}`);
  if (f.level !== undefined) cond.push(`level = $${params.push(f.level)}`);
  if (f.overdue !== undefined) cond.push(f.overdue ? 'overdue' : 'NOT overdue');
  const w = cond.join(' AND ');
  const [r]: { total: number }[] = await q.query(
    `SELECT COALESCE(sum(n), 0)::int AS total FROM (
         SELECT n FROM case_stats WHERE ${w} UNION ALL SELECT n FROM case_stats_deltas WHERE ${w}) x`,
    params,
  );
  return Number(r?.total ?? 0);
}

/** An event of a case, with its actor's name. */
export interface CaseEventRow {
  id: string;
  case_id: string;
  seq: string | number;
  type: string;
  actor_id: string | null;
  actor_name: string | null;
  at: Date;
  from_status: string | null;
  to_status: string;
  from_unit_id: string | null;
  to_unit_id: string;
  reason: string | null;
  payload: Record<string, unknown> | null;
}

/** The events of a case, in order. */
export function caseEvents(q: Queryable, caseId: string): Promise<CaseEventRow[]> {
  return q.query(
    `SELECT ev.*, us.display_name AS actor_name FROM case_events ev LEFT JOIN users us ON us.id = ev.actor_id
        WHERE ev.case_id = $1 ORDER BY ev.seq`,
    [caseId],
  );
}

/** A unit that held a case, and for how many hours (until now while it still holds it). */
export interface CaseHopRow {
  unit_id: string;
  name: string;
  level: number;
  arrived_at: Date;
  left_at: Date | null;
  hours: string | number;
}

/** The units that held a case, in order. */
export function caseHops(q: Queryable, caseId: string): Promise<CaseHopRow[]> {
  return q.query(
    `SELECT h.unit_id, u.name, h.level, h.arrived_at, h.left_at,
                extract(epoch FROM coalesce(h.left_at, now()) - h.arrived_at) / 3600 AS hours
           FROM case_hops h JOIN units u ON u.id = h.unit_id WHERE h.case_id = $1 ORDER BY h.arrived_at`,
    [caseId],
  );
}

/** Is the user one of the enterprise's instructors? */
export async function isEnterpriseInstructor(
  q: Queryable,
  enterpriseId: string,
  userId: string,
): Promise<boolean> {
  const rows: unknown[] = await q.query(
    `SELECT 1 FROM enterprise_instructors WHERE enterprise_id = $1 AND user_id = $2`,
    [enterpriseId, userId],
  );
  return rows.length > 0;
}

/** May the user be assigned a case held by this unit (active, of the unit, coordinator or bureau officer)? */
export async function isAssignableInUnit(q: Queryable, userId: string, unitId: string): Promise<boolean> {
  const rows: unknown[] = await q.query(
    `SELECT 1 FROM users WHERE id = $1 AND unit_id = $2 AND active AND role IN ('coordinator', 'bureau_officer')`,
    [userId, unitId],
  );
  return rows.length > 0;
}

/** The version of a case (undefined: no such case). */
export async function caseVersion(q: Queryable, id: string): Promise<number | undefined> {
  const rows: { version: number }[] = await q.query(`SELECT version FROM cases WHERE id = $1`, [id]);
  return rows[0] ? Number(rows[0].version) : undefined;
}

/** Whether a category takes new cases: true (active), false (disabled), null (no such category). */
export async function categoryActive(q: Queryable, code: string): Promise<boolean | null> {
  const [row]: { active: boolean }[] = await q.query(`SELECT active FROM categories WHERE code = $1`, [code]);
  return row ? Boolean(row.active) : null;
}
