import type { CaseLevel, CasePriority, DeadlinePolicy, WorkCalendar } from '@taizhang/domain';
import { belowTop, findPolicy, shanghaiDate } from '@taizhang/domain';
import { EntityManager } from 'typeorm';
import { CasesRow } from './case-rows';

/** What a case change reads besides the case: deadline policies, the work calendar, escalation targets. */

/** A deadline_policies row. */
interface DeadlinePolicyRow {
  level: number;
  priority: string;
  respond_minutes: number;
  resolve_minutes: number;
  working_time: boolean;
  respond_by_end_of_day: boolean;
  max_extension_days: number | null;
}

function policyFromRow(r: DeadlinePolicyRow): DeadlinePolicy {
  return {
    level: Number(r.level) as CaseLevel,
    priority: r.priority as CasePriority,
    respondMinutes: Number(r.respond_minutes),
    resolveMinutes: Number(r.resolve_minutes),
    workingTime: Boolean(r.working_time),
    respondByEndOfDay: Boolean(r.respond_by_end_of_day),
    maxExtensionDays: r.max_extension_days == null ? undefined : Number(r.max_extension_days),
  };
}

export async function loadPolicy(
  m: EntityManager,
  level: CaseLevel,
  priority: CasePriority,
): Promise<DeadlinePolicy> {
  const rows: DeadlinePolicyRow[] = await m.query(
    `SELECT * FROM deadline_policies WHERE level = $1 AND priority = $2`,
    [level, priority],
  );
  return findPolicy(rows.map(policyFromRow), level, priority);
}

/** Every stored policy (a handful of rows); `findPolicy` picks one, with the defaults for what is missing. */
export async function loadPolicies(m: EntityManager): Promise<DeadlinePolicy[]> {
  const rows: DeadlinePolicyRow[] = await m.query(`SELECT * FROM deadline_policies`);
  return rows.map(policyFromRow);
}

/** The bureau one level up for each case's category: the routing rule, else a bureau there that handles it (answers in the order of `cases`). */
export async function escalationTargets(
  m: EntityManager,
  cases: Pick<CasesRow, 'level' | 'county_id' | 'city_id' | 'category_code'>[],
): Promise<({ unitId: string; level: CaseLevel } | null)[]> {
  const asks = cases.map((c) => {
    const level = Number(c.level);
    const over = !belowTop(level) ? null : level === 0 ? c.county_id : c.city_id;
    return { level, over, category: c.category_code };
  });
  const keys = [...new Set(asks.filter((a) => a.over).map((a) => `${a.category}|${a.over}`))];
  const found = new Map<string, string | null>();
  if (keys.length) {
    const rows: { category: string; over: string; id: string | null }[] = await m.query(
      `SELECT x.category, x.over,
              (SELECT t.id FROM (SELECT bureau_id AS id, 0 AS pref FROM routing_rules WHERE category_code = x.category AND unit_id = x.over
                                 UNION ALL
                                 SELECT id, 1 AS pref FROM units WHERE kind = 'bureau' AND parent_id = x.over AND x.category = ANY(category_codes)
                                 ORDER BY pref LIMIT 1) t) AS id
         FROM unnest($1::text[], $2::uuid[]) AS x(category, over)`,
      [keys.map((k) => k.split('|')[0]), keys.map((k) => k.split('|')[1])],
    );
    for (const r of rows) found.set(`${r.category}|${r.over}`, r.id);
  }
  return asks.map((a) => {
    const id = a.over ? found.get(`${a.category}|${a.over}`) : null;
    return id ? { unitId: id, level: (a.level + 1) as CaseLevel } : null;
  });
}

/**
 * The working-time calendar (holidays on Mon–Fri, 调休 make-up days on Sat/Sun) for deadlines that start
 * at `from` or later: the days before it can never matter to them.
 */
export async function loadCalendar(m: EntityManager, from?: Date): Promise<WorkCalendar> {
  const rows: { day: string; kind: string }[] = from
    ? await m.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM work_calendar_days WHERE day >= $1::date ORDER BY day`,
        [shanghaiDate(from)],
      )
    : await m.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM work_calendar_days ORDER BY day`);
  return {
    holidays: rows.filter((r) => r.kind === 'holiday').map((r) => r.day),
    makeupWorkdays: rows.filter((r) => r.kind === 'workday').map((r) => r.day),
  };
}
