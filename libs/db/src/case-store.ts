import type {
  CaseEventDraft,
  CaseLevel,
  CasePriority,
  CaseSnapshot,
  CaseStatus,
  DeadlineKind,
  DeadlinePolicy,
  NotificationKind,
  WorkCalendar,
} from '@taizhang/domain';
import {
  NOTIFICATION_KINDS,
  RECIPIENT_RULES,
  belowTop,
  deadlineChecks,
  findPolicy,
  notificationTitle,
  shanghaiDate,
} from '@taizhang/domain';
import { recipientRuleSql } from './notifications/recipients-sql';
import {
  DeadlineCheckPayload,
  JOBS,
  JOB_QUEUE,
  NotificationSendPayload,
  deadlineJobId,
  notificationJobId,
} from '@taizhang/queue';
import { EntityManager } from 'typeorm';
import {
  UnitDayDeltas,
  UnitDayState,
  aggregateUnits,
  appendUnitDayDeltas,
  mergeUnitDayDeltas,
  unitDayDeltas,
  unitDayState,
} from './stats/unit-days';

/**
 * Writes shared by the API and the worker: every change to a case goes through these, inside the caller's
 * transaction, so the case row, its event, its hops and its outbox rows commit together.
 */
type Row = Record<string, unknown>;

function iso(v: unknown): string | null {
  return v == null ? null : new Date(v as string).toISOString();
}

/** The domain's view of a `cases` row (snake_case columns). */
export function rowToSnapshot(r: Row): CaseSnapshot {
  return {
    status: r['status'] as CaseStatus,
    level: Number(r['level']) as CaseLevel,
    unitId: r['unit_id'] as string,
    assigneeId: (r['assignee_id'] as string | null) ?? null,
    returnUnitIds: (r['return_unit_ids'] as string[]) ?? [],
    resolution: (r['resolution'] as string | null) ?? null,
    satisfied: (r['satisfied'] as boolean | null) ?? null,
    rating: r['rating'] == null ? null : Number(r['rating']),
    ratingComment: (r['rating_comment'] as string | null) ?? null,
    confirmedBy: (r['confirmed_by'] as CaseSnapshot['confirmedBy']) ?? null,
    overdue: Boolean(r['overdue']),
    resolvedAt: iso(r['resolved_at']),
    closedAt: iso(r['closed_at']),
    missedDeadline: (r['missed_deadline'] as DeadlineKind | null) ?? null,
    returnedFromUnitId: (r['returned_from_unit_id'] as string | null) ?? null,
    extensionUntil: iso(r['extension_until']),
    extendedLevels: ((r['extended_levels'] as number[] | null) ?? []).map(Number),
  };
}

/** An outbox row before it is written. */
export interface OutboxDraft {
  queue: string;
  name: string;
  jobId: string;
  payload: Record<string, unknown>;
  runAt: string;
}

/** The deadline checks a case in `status` needs (respond-by while awaiting a first response, resolve-by while pending). */
export function deadlineJobs(
  caseId: string,
  status: CaseStatus,
  respondBy: Date | null,
  resolveBy: Date | null,
  requestId?: string,
): OutboxDraft[] {
  const jobs: DeadlineCheckPayload[] = deadlineChecks(status, { respondBy, resolveBy }).map((c) => ({
    caseId,
    deadline: c.deadline,
    dueAt: c.dueAt.toISOString(),
    requestId,
  }));
  return jobs.map((p) => ({
    queue: JOB_QUEUE[JOBS.deadlineCheck],
    name: JOBS.deadlineCheck,
    jobId: deadlineJobId(p),
    payload: { ...p },
    runAt: p.dueAt,
  }));
}

/** SQL: insert outbox drafts given as the five arrays of `outboxParams` ($n … $n+4). */
export const INSERT_OUTBOX = (n: number) =>
  `INSERT INTO outbox (queue, name, job_id, payload, run_at)
   SELECT * FROM unnest($${n}::text[], $${n + 1}::text[], $${n + 2}::text[], $${n + 3}::jsonb[], $${n + 4}::timestamptz[])`;
export const outboxParams = (rows: OutboxDraft[]) => [
  rows.map((r) => r.queue),
  rows.map((r) => r.name),
  rows.map((r) => r.jobId),
  rows.map((r) => JSON.stringify(r.payload)),
  rows.map((r) => r.runAt),
];

/** Append events of one or many cases in one statement, in the order given (their `seq` follows it). */
export async function insertEvents(
  m: EntityManager,
  items: { caseId: string; actorId: string | null; at: Date; event: CaseEventDraft }[],
): Promise<void> {
  if (!items.length) return;
  const col = <T>(f: (i: (typeof items)[number]) => T) => items.map(f);
  await m.query(
    `INSERT INTO case_events (case_id, type, actor_id, at, from_status, to_status, from_unit_id, to_unit_id, reason, payload)
     SELECT case_id, type, actor_id, at, from_status, to_status, from_unit_id, to_unit_id, reason, payload
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::text[], $10::jsonb[])
            WITH ORDINALITY AS x(case_id, type, actor_id, at, from_status, to_status, from_unit_id, to_unit_id, reason, payload, ord)
      ORDER BY ord`,
    [
      col((i) => i.caseId),
      col((i) => i.event.type),
      col((i) => i.actorId),
      col((i) => i.at),
      col((i) => i.event.fromStatus),
      col((i) => i.event.toStatus),
      col((i) => i.event.fromUnitId),
      col((i) => i.event.toUnitId),
      col((i) => i.event.reason),
      col((i) => JSON.stringify(i.event.payload)),
    ],
  );
}

function policyFromRow(r: Row): DeadlinePolicy {
  return {
    level: Number(r['level']) as CaseLevel,
    priority: r['priority'] as CasePriority,
    respondMinutes: Number(r['respond_minutes']),
    resolveMinutes: Number(r['resolve_minutes']),
    workingTime: Boolean(r['working_time']),
    respondByEndOfDay: Boolean(r['respond_by_end_of_day']),
    maxExtensionDays: r['max_extension_days'] == null ? undefined : Number(r['max_extension_days']),
  };
}

export async function loadPolicy(
  m: EntityManager,
  level: CaseLevel,
  priority: CasePriority,
): Promise<DeadlinePolicy> {
  const rows: Row[] = await m.query(`SELECT * FROM deadline_policies WHERE level = $1 AND priority = $2`, [
    level,
    priority,
  ]);
  return findPolicy(rows.map(policyFromRow), level, priority);
}

/** Every stored policy (a handful of rows); `findPolicy` picks one, with the defaults for what is missing. */
export async function loadPolicies(m: EntityManager): Promise<DeadlinePolicy[]> {
  const rows: Row[] = await m.query(`SELECT * FROM deadline_policies`);
  return rows.map(policyFromRow);
}

/** The bureau one level up for each case's category: the routing rule, else a bureau there that handles it (answers in the order of `cases`). */
export async function escalationTargets(
  m: EntityManager,
  cases: Row[],
): Promise<({ unitId: string; level: CaseLevel } | null)[]> {
  const asks = cases.map((c) => {
    const level = Number(c['level']);
    const over = !belowTop(level) ? null : ((level === 0 ? c['county_id'] : c['city_id']) as string | null);
    return { level, over, category: c['category_code'] as string };
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

/**
 * Recipients per kind, as SQL over `users u` and `t` (the case's unit, that unit's parent, the assignee,
 * the enterprise), built from the rules of RECIPIENT_RULES in libs/domain (their meaning, tested as a table).
 */
const RECIPIENTS = Object.fromEntries(
  NOTIFICATION_KINDS.map((k) => [k, RECIPIENT_RULES[k].map((r) => `(${recipientRuleSql(r)})`).join(' OR ')]),
) as Record<NotificationKind, string>;
/**
 * Tell the right people about case changes of one kind by one actor, inside the caller's transaction: one
 * `notifications` row per recipient and one outbox row per notification (job `notification.send`, sent
 * through the worker's outbound channels). Each `c` is the case as it is AFTER the change (snake_case
 * columns: id, ledger_no, title, unit_id, assignee_id, enterprise_id; `resolve_by` for `deadline_near`). The actor is never told about his own action.
 * A handful of statements whatever the number of cases (`applyTransitions` calls it).
 */
export async function notifyMany(
  m: EntityManager,
  kind: NotificationKind,
  cases: { c: Row; deadline?: DeadlineKind }[],
  actorId: string | null,
  at: Date,
  requestId?: string,
): Promise<{ caseId: string; userId: string }[]> {
  if (!cases.length) return [];
  const unitIds = [...new Set(cases.map(({ c }) => c['unit_id'] as string))];
  const units: Row[] = await m.query(`SELECT id, name, parent_id FROM units WHERE id = ANY($1::uuid[])`, [
    unitIds,
  ]);
  const unitById = new Map(units.map((u) => [u['id'] as string, u]));
  const col = <T>(f: (x: { c: Row; deadline?: DeadlineKind; unit: Row }) => T) =>
    cases.map((x) => f({ ...x, unit: unitById.get(x.c['unit_id'] as string) ?? {} }));
  const rows: { id: string; user_id: string; case_id: string }[] = await m.query(
    `WITH t AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $9::uuid[])
                      AS t(case_id, title, unit_id, parent_id, assignee_id, enterprise_id))
     INSERT INTO notifications (user_id, case_id, kind, title, created_at)
     SELECT u.id, t.case_id, $6, t.title, $7 FROM t JOIN users u
         ON u.active AND u.id IS DISTINCT FROM $8::uuid AND (${RECIPIENTS[kind]})
     RETURNING id, user_id, case_id`,
    [
      col(({ c }) => c['id']),
      col(({ c, unit, deadline }) =>
        notificationTitle(kind, {
          ledgerNo: c['ledger_no'] as string,
          title: c['title'] as string,
          unitName: (unit['name'] as string | undefined) ?? '',
          bySystem: actorId === null,
          deadline,
          dueAt: iso(c['resolve_by']) ?? undefined,
        }),
      ),
      col(({ c }) => c['unit_id']),
      col(({ unit }) => unit['parent_id'] ?? null),
      col(({ c }) => c['assignee_id'] ?? null),
      kind,
      at,
      actorId,
      col(({ c }) => c['enterprise_id'] ?? null),
    ],
  );
  if (rows.length) {
    const payloads: NotificationSendPayload[] = rows.map((r) => ({
      notificationId: r.id,
      ...(requestId ? { requestId } : {}),
    }));
    await m.query(
      `INSERT INTO outbox (queue, name, job_id, payload, run_at)
       SELECT $1, $2, x.job_id, x.payload, $3 FROM unnest($4::text[], $5::jsonb[]) AS x(job_id, payload)`,
      [
        JOB_QUEUE[JOBS.notificationSend],
        JOBS.notificationSend,
        at,
        payloads.map((p) => notificationJobId(p.notificationId)),
        payloads.map((p) => JSON.stringify(p)),
      ],
    );
  }
  return rows.map((r) => ({ caseId: r.case_id, userId: r.user_id }));
}

// ---------------------------------------------------------------- dashboard counters

/** The scope every case belongs to, whatever its units: what an admin's dashboard counts. */
export const ALL_SCOPE = '00000000-0000-0000-0000-000000000000';

/** The fields of a case the dashboard counts by. */
export interface StatsState {
  categoryCode: string;
  level: number;
  status: string;
  overdue: boolean;
  openedAt: Date;
  resolvedAt: Date | null;
}

export function statsState(row: Row): StatsState {
  return {
    categoryCode: row['category_code'] as string,
    level: Number(row['level']),
    status: row['status'] as string,
    overdue: Boolean(row['overdue']),
    openedAt: new Date(row['opened_at'] as string),
    resolvedAt: row['resolved_at'] ? new Date(row['resolved_at'] as string) : null,
  };
}

/** The units whose dashboards count each case: ALL, county, city, and every unit that held it (in the order of `rows`). */
export async function caseScopes(m: EntityManager, rows: Row[]): Promise<string[][]> {
  const hops: { case_id: string; unit_id: string }[] = rows.length
    ? await m.query(`SELECT DISTINCT case_id, unit_id FROM case_hops WHERE case_id = ANY($1::uuid[])`, [
        rows.map((r) => r['id']),
      ])
    : [];
  const held = new Map<string, string[]>();
  for (const h of hops) held.set(h.case_id, [...(held.get(h.case_id) ?? []), h.unit_id]);
  return rows.map((row) => [
    ...new Set(
      [
        ALL_SCOPE,
        row['county_id'] as string,
        row['city_id'] as string,
        ...(held.get(row['id'] as string) ?? []),
      ].filter(Boolean),
    ),
  ]);
}

const localDay = shanghaiDate;
/** Time to solve in tenths of an hour (the SQL of rebuild_case_stats() computes the same). */
const solveBucket = (s: StatsState) =>
  Math.floor(((s.resolvedAt as Date).getTime() - s.openedAt.getTime()) / 360_000);

/** Counter deltas to append (appends only: concurrent changes never wait on a counter row). */
export interface StatsDeltas {
  /** [unit, category, level, status, overdue, n] */
  stats: [string, string, number, string, boolean, number][];
  /** [unit, day, opened, solved] */
  daily: [string, string, number, number][];
  /** [unit, bucket, n] */
  hist: [string, number, number][];
}

/**
 * What a case change does to the dashboard counters: the case's contribution before (to its old scope)
 * taken away, its contribution after (to its new scope) added, netted.
 */
export function caseStatsDeltas(
  before: { state: StatsState; scope: string[] } | null,
  after: { state: StatsState; scope: string[] },
): StatsDeltas {
  const stats = new Map<string, number>();
  const daily = new Map<string, [number, number]>();
  const hist = new Map<string, number>();
  const add = (side: { state: StatsState; scope: string[] }, sign: 1 | -1) => {
    const s = side.state;
    for (const unit of side.scope) {
      const k = `${unit}|${s.categoryCode}|${s.level}|${s.status}|${s.overdue}`;
      stats.set(k, (stats.get(k) ?? 0) + sign);
      const open = `${unit}|${localDay(s.openedAt)}`;
      const o = daily.get(open) ?? [0, 0];
      daily.set(open, [o[0] + sign, o[1]]);
      if (s.resolvedAt) {
        const solved = `${unit}|${localDay(s.resolvedAt)}`;
        const v = daily.get(solved) ?? [0, 0];
        daily.set(solved, [v[0], v[1] + sign]);
        const h = `${unit}|${solveBucket(s)}`;
        hist.set(h, (hist.get(h) ?? 0) + sign);
      }
    }
  };
  if (before) add(before, -1);
  add(after, 1);
  return {
    stats: [...stats]
      .filter(([, n]) => n !== 0)
      .map(([k, n]) => {
        const [unit, cat, level, status, overdue] = k.split('|') as [string, string, string, string, string];
        return [unit, cat, Number(level), status, overdue === 'true', n];
      }),
    daily: [...daily]
      .filter(([, v]) => v[0] !== 0 || v[1] !== 0)
      .map(([k, v]) => {
        const [unit, day] = k.split('|') as [string, string];
        return [unit, day, v[0], v[1]];
      }),
    hist: [...hist]
      .filter(([, n]) => n !== 0)
      .map(([k, n]) => {
        const [unit, bucket] = k.split('|') as [string, string];
        return [unit, Number(bucket), n];
      }),
  };
}

/** SQL: append stats deltas given as the six arrays of `statsParams` ($n … $n+5). */
export const INSERT_STATS_DELTAS = (n: number) =>
  `INSERT INTO case_stats_deltas (unit_id, category_code, level, status, overdue, n)
   SELECT * FROM unnest($${n}::uuid[], $${n + 1}::text[], $${n + 2}::smallint[], $${n + 3}::text[], $${n + 4}::boolean[], $${n + 5}::int[])`;
export const statsParams = (d: StatsDeltas) => [0, 1, 2, 3, 4, 5].map((i) => d.stats.map((r) => r[i]));
/** SQL: append daily deltas given as the four arrays of `dailyParams` ($n … $n+3). */
export const INSERT_DAILY_DELTAS = (n: number) =>
  `INSERT INTO case_daily_deltas (unit_id, day, opened, solved) SELECT * FROM unnest($${n}::uuid[], $${n + 1}::date[], $${n + 2}::int[], $${n + 3}::int[])`;
export const dailyParams = (d: StatsDeltas) => [0, 1, 2, 3].map((i) => d.daily.map((r) => r[i]));

async function appendStatsDeltas(m: EntityManager, d: StatsDeltas): Promise<void> {
  if (d.stats.length) await m.query(INSERT_STATS_DELTAS(1), statsParams(d));
  if (d.daily.length) await m.query(INSERT_DAILY_DELTAS(1), dailyParams(d));
  if (d.hist.length) {
    await m.query(
      `INSERT INTO case_solve_hist_deltas (unit_id, bucket, n) SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[])`,
      [0, 1, 2].map((i) => d.hist.map((r) => r[i])),
    );
  }
}

/** Several changes' deltas as one set, netted per counter (fewer rows to append and to compact). */
export function mergeStatsDeltas(list: StatsDeltas[]): StatsDeltas {
  const stats = new Map<string, [string, string, number, string, boolean, number]>();
  const daily = new Map<string, [string, string, number, number]>();
  const hist = new Map<string, [string, number, number]>();
  for (const d of list) {
    for (const r of d.stats) {
      const k = r.slice(0, 5).join('|');
      const v = stats.get(k);
      stats.set(k, v ? [r[0], r[1], r[2], r[3], r[4], v[5] + r[5]] : [...r]);
    }
    for (const r of d.daily) {
      const k = `${r[0]}|${r[1]}`;
      const v = daily.get(k);
      daily.set(k, v ? [r[0], r[1], v[2] + r[2], v[3] + r[3]] : [...r]);
    }
    for (const r of d.hist) {
      const k = `${r[0]}|${r[1]}`;
      const v = hist.get(k);
      hist.set(k, v ? [r[0], r[1], v[2] + r[2]] : [...r]);
    }
  }
  return {
    stats: [...stats.values()].filter((r) => r[5] !== 0),
    daily: [...daily.values()].filter((r) => r[2] !== 0 || r[3] !== 0),
    hist: [...hist.values()].filter((r) => r[2] !== 0),
  };
}

/** Fold appended deltas into the compacted counters (the worker does this every few seconds). */
export async function compactCaseStats(m: EntityManager): Promise<number> {
  // compact_case_stats() (migration CaseUnitTotals): also what the benchmark runs before it measures
  const [r] = await m.query(`SELECT compact_case_stats() AS n`);
  return Number(r?.n ?? 0);
}

/** What changes of a case the dashboard counts: the fields of `next` an action or a check can set. */
export interface CaseChangeForStats {
  level: number;
  status: string;
  overdue: boolean;
  resolvedAt: string | null;
  unitId: string;
  /** The resolve-by after the change (the scorecard's on-time figure); omitted: unchanged. */
  resolveBy?: Date | string | null;
  /** The rating after the change (the scorecard's satisfaction); omitted: unchanged. */
  rating?: number | null;
}

/**
 * Record what changes of existing case rows (to `next`) do to the dashboard counters and the scorecard's
 * (`stats/unit-days.ts`), in the caller's transaction: one scope query and at most five appends.
 */
export async function recordCaseChangesStats(
  m: EntityManager,
  changes: { row: Row; next: CaseChangeForStats }[],
): Promise<void> {
  const counted = changes
    .map(({ row, next }) => {
      const before = statsState(row);
      const after: StatsState = {
        ...before,
        level: next.level,
        status: next.status,
        overdue: next.overdue,
        resolvedAt: next.resolvedAt ? new Date(next.resolvedAt) : null,
      };
      const daysBefore = unitDayState(row);
      const daysAfter: UnitDayState = {
        ...daysBefore,
        status: next.status,
        overdue: next.overdue,
        resolvedAt: after.resolvedAt,
        unitId: next.unitId,
        ...(next.resolveBy !== undefined
          ? { resolveBy: next.resolveBy ? new Date(next.resolveBy) : null }
          : {}),
        ...(next.rating !== undefined ? { rating: next.rating } : {}),
      };
      const moved = next.unitId !== row['unit_id'];
      const same =
        !moved &&
        before.level === after.level &&
        before.status === after.status &&
        before.overdue === after.overdue &&
        (before.resolvedAt?.getTime() ?? null) === (after.resolvedAt?.getTime() ?? null);
      const daysSame =
        same &&
        (daysBefore.resolveBy?.getTime() ?? null) === (daysAfter.resolveBy?.getTime() ?? null) &&
        daysBefore.rating === daysAfter.rating;
      return daysSame
        ? null
        : { row, before, after, daysBefore, daysAfter, same, moved, unitId: next.unitId };
    })
    .filter((x) => x !== null);
  if (!counted.length) return;
  const scopes = await caseScopes(
    m,
    counted.map((x) => x.row),
  );
  const deltas = counted
    .map((x, i) => {
      const scope = scopes[i] as string[];
      return x.same
        ? null
        : caseStatsDeltas(
            { state: x.before, scope },
            { state: x.after, scope: x.moved ? [...new Set([...scope, x.unitId])] : scope },
          );
    })
    .filter((d) => d !== null);
  if (deltas.length)
    await appendStatsDeltas(m, deltas.length === 1 ? (deltas[0] as StatsDeltas) : mergeStatsDeltas(deltas));
  const days = counted.map((x, i) => {
    const scope = scopes[i] as string[];
    const agg = aggregateUnits(x.row, ALL_SCOPE);
    return unitDayDeltas(
      { state: x.daysBefore, scope, agg },
      { state: x.daysAfter, scope: x.moved ? [...new Set([...scope, x.unitId])] : scope, agg },
    );
  });
  await appendUnitDayDeltas(m, days.length === 1 ? (days[0] as UnitDayDeltas) : mergeUnitDayDeltas(days));
}

// ---------------------------------------------------------------- the `opened` notification of case intake

/** Stands for the ledger number in the `opened` title until the intake statement has drawn it. */
const LEDGER_NO_SLOT = '{{ledgerNo}}';

/**
 * SQL: the CTEs that tell whom RECIPIENT_RULES names for `opened` (the town's coordinators) about a case
 * the intake statement just wrote, in that statement: a `notifications` row each and the outbox row of its
 * `notification.send` job. They read the statement's CTEs `c` (the case: id, ledger_no, town_id) and `ok`
 * (county_id), `$2` (the opener, never told) and `$12` (the time), and take `$n` … `$n+4` from
 * `openedNotificationParams`.
 */
export const OPENED_NOTIFICATION_CTES = (n: number) => `
   nt AS (
     INSERT INTO notifications (user_id, case_id, kind, title, created_at)
     SELECT u.id, t.case_id, 'opened', replace($${n}::text, '${LEDGER_NO_SLOT}', t.ledger_no), $12
       FROM (SELECT c.id AS case_id, c.ledger_no, c.town_id AS unit_id, ok.county_id AS parent_id, NULL::uuid AS assignee_id,
                    ok.id AS enterprise_id FROM c, ok) t
       JOIN users u ON u.active AND u.id IS DISTINCT FROM $2::uuid AND (${RECIPIENTS.opened})
     RETURNING id),
   nob AS (
     INSERT INTO outbox (queue, name, job_id, payload, run_at)
     SELECT $${n + 1}::text, $${n + 2}::text, $${n + 3}::text || nt.id,
            jsonb_strip_nulls(jsonb_build_object('notificationId', nt.id, 'requestId', $${n + 4}::text)), $12 FROM nt)`;

/** The five parameters of OPENED_NOTIFICATION_CTES for a case with this title. */
export function openedNotificationParams(caseTitle: string, requestId?: string): unknown[] {
  return [
    notificationTitle('opened', {
      ledgerNo: LEDGER_NO_SLOT,
      title: caseTitle,
      unitName: '',
      bySystem: false,
    }),
    JOB_QUEUE[JOBS.notificationSend],
    JOBS.notificationSend,
    notificationJobId(''),
    requestId ?? null,
  ];
}
