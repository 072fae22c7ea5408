import { Injectable } from '@nestjs/common';
import type { CaseDto, CaseEventDto, Page } from '@taizhang/contracts';
import {
  Actor,
  ActorRelation,
  CaseCommand,
  CaseLevel,
  CasePriority,
  CaseStatus,
  CaseDeadlines,
  allowedActions,
  applyEvent,
  computeDeadlines,
  decide,
  effectivePriority,
  extensionDeadlines,
  freshDeadlines,
  latestExtension,
  TOP_LEVEL,
  getsFreshDeadlines,
  LEDGER_SEQ_DIGITS,
  ledgerNoPrefix,
  ledgerYear,
  openEvent,
  shanghaiDate,
} from '@taizhang/domain';
import {
  ALL_SCOPE,
  applyTransitions,
  CaseTransition,
  caseStatsDeltas,
  dailyParams,
  deadlineJobs,
  outboxParams,
  rowToSnapshot,
  statsParams,
  uuidv7,
  prepared,
  PgQueryable,
  queryPrepared,
  escalationTargets,
  OPENED_NOTIFICATION_CTES,
  openedNotificationParams,
  linkVisitCase,
  visitOfEnterprise,
  unitNames,
  ledgerUnitKinds,
  ledgerWhere,
} from '@taizhang/db';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError, fromRefusal } from '../../core/errors';
import { BulkCaseActionDto, CaseActionDto, CreateCaseDto, ListCasesQuery } from './cases.dto';
import type { BulkActionResult, EscalationTarget } from './cases.responses';
import {
  LedgerSort,
  afterCursor,
  decodeCursor,
  encodeCursor,
  ledgerSort,
  orderBy,
  sortValue,
} from './ledger-paging';
import { caseVisibility } from './jurisdiction';
import { ReferenceCache } from './reference-cache';

type Row = Record<string, unknown>;

/**
 * The enterprise a case is opened for ($1), its town, county and city, and the opener's ($2) relation and name:
 * the first CTE of the intake statement, and on its own when a request must be refused before writing.
 */
const ENTERPRISE_FOR_OPENER = `SELECT e.id, e.name, e.key, e.town_id, t.code AS town_code, t.name AS town_name, t.parent_id AS county_id, co.parent_id AS city_id,
            EXISTS (SELECT 1 FROM enterprise_instructors ei WHERE ei.enterprise_id = e.id AND ei.user_id = $2) AS mine,
            (SELECT display_name FROM users WHERE id = $2) AS actor_name
       FROM enterprises e JOIN units t ON t.id = e.town_id LEFT JOIN units co ON co.id = t.parent_id
      WHERE e.id = $1`;

/**
 * POST /api/cases in ONE statement, so one round trip and one transaction without BEGIN/COMMIT: it reads the
 * enterprise (its town, county and city, whether the opener is one of its instructors), lets through only an
 * opener who may open cases for it (the same rule as `mayOpen`), draws the town's next ledger number and
 * writes the case, its open event, its hop, the dashboard deltas (for each unit of the scope) and the
 * deadline outbox rows. The town's sequence row is locked from its CTE until the commit, so numbers are
 * consecutive and a failure rolls the number back with the case (no gap). Nothing is written when the
 * opener may not open cases for the enterprise; the answer then says what was found.
 *
 * Deadlines depend on whether the enterprise is a key one (its cases are urgent), which only the statement
 * knows: both variants come as two-element arrays and `ok.v` (0 plain, 1 key) picks one. The ledger number is
 * `town code || ledgerNoPrefix('', year)`, padded to LEDGER_SEQ_DIGITS or longer, as formatLedgerNo writes it.
 *
 * $1 enterprise · $2 opener · $3 role · $4 opener's unit · $5 year · $6 case id · $7 prefix after the town
 * code · $8 category · $9 title · $10 description · $11 priority · $12 opened at · $13 respond-by[2] ·
 * $14 resolve-by[2] · $15 open event payload[2] · $16 all-units scope id · $17… stats template · $23… daily
 * template · $27… outbox rows of both variants · $32 their variant · $33 the local day (scorecard: received) ·
 * $34… the `opened` notification.
 */
const INTAKE_WRITE = prepared(
  'taizhang_intake_write_v4',
  `WITH e AS (${ENTERPRISE_FOR_OPENER}),
   ok AS (
     SELECT e.*, CASE WHEN e.key THEN 1 ELSE 0 END AS v FROM e
      WHERE $3::text = 'admin' OR ($3::text = 'instructor' AND e.mine) OR ($3::text = 'coordinator' AND e.town_id = $4::uuid)),
   scope AS (SELECT u FROM ok, unnest(ARRAY[$16::uuid, ok.county_id, ok.city_id, ok.town_id]) AS u WHERE u IS NOT NULL),
   seq AS (
     INSERT INTO ledger_sequences (town_id, year, last_seq) SELECT ok.town_id, $5, 1 FROM ok
     ON CONFLICT (town_id, year) DO UPDATE SET last_seq = ledger_sequences.last_seq + 1 RETURNING last_seq),
   c AS (
     INSERT INTO cases (id, ledger_no, enterprise_id, category_code, title, description, priority, status, level, unit_id,
                        town_id, county_id, city_id, respond_by, resolve_by, opened_by_id, opened_at, updated_at, version)
     SELECT $6, ok.town_code || $7::text || lpad(seq.last_seq::text, greatest(${LEDGER_SEQ_DIGITS}, length(seq.last_seq::text)), '0'),
            ok.id, $8, $9, $10, $11, 'open', 0, ok.town_id, ok.town_id, ok.county_id, ok.city_id,
            ($13::timestamptz[])[ok.v + 1], ($14::timestamptz[])[ok.v + 1], $2, $12, $12, 1
       FROM ok, seq RETURNING id, ledger_no, town_id, respond_by, resolve_by),
   ev AS (
     INSERT INTO case_events (case_id, type, actor_id, at, from_status, to_status, from_unit_id, to_unit_id, reason, payload)
     SELECT c.id, 'open', $2, $12, NULL, 'open', NULL, c.town_id, NULL, ($15::jsonb[])[ok.v + 1] FROM c, ok RETURNING id),
   hop AS (INSERT INTO case_hops (case_id, unit_id, level, arrived_at) SELECT c.id, c.town_id, 0, $12 FROM c),
   st AS (
     INSERT INTO case_stats_deltas (unit_id, category_code, level, status, overdue, n)
     SELECT scope.u, d.category_code, d.level, d.status, d.overdue, d.n
       FROM unnest($17::uuid[], $18::text[], $19::smallint[], $20::text[], $21::boolean[], $22::int[])
            AS d(unit_id, category_code, level, status, overdue, n), scope
      WHERE EXISTS (SELECT 1 FROM c)),
   dd AS (
     INSERT INTO case_daily_deltas (unit_id, day, opened, solved)
     SELECT scope.u, d.day, d.opened, d.solved
       FROM unnest($23::uuid[], $24::date[], $25::int[], $26::int[]) AS d(unit_id, day, opened, solved), scope
      WHERE EXISTS (SELECT 1 FROM c)),
   ud AS (INSERT INTO case_unit_day_deltas (unit_id, day, received) SELECT scope.u, $33::date, 1 FROM scope WHERE EXISTS (SELECT 1 FROM c)),
   ob AS (
     INSERT INTO outbox (queue, name, job_id, payload, run_at)
     SELECT x.queue, x.name, x.job_id, x.payload, x.run_at
       FROM unnest($27::text[], $28::text[], $29::text[], $30::jsonb[], $31::timestamptz[], $32::int[])
            AS x(queue, name, job_id, payload, run_at, v), ok
      WHERE x.v = ok.v AND EXISTS (SELECT 1 FROM c)),${OPENED_NOTIFICATION_CTES(34)}
   SELECT e.*, (SELECT v FROM ok) AS v, (SELECT id FROM ev) AS event_id, (SELECT ledger_no FROM c) AS ledger_no FROM e`,
);

const CASE_COLUMNS = `c.*, e.name AS enterprise_name, e.key AS enterprise_key, u.name AS unit_name, u.parent_id AS unit_parent_id`;
const CASE_FROM = `cases c JOIN enterprises e ON e.id = c.enterprise_id JOIN units u ON u.id = c.unit_id`;

function iso(v: unknown): string | null {
  return v == null ? null : new Date(v as string).toISOString();
}

function rowToDto(r: Row): CaseDto {
  return {
    id: r['id'] as string,
    ledgerNo: r['ledger_no'] as string,
    enterpriseId: r['enterprise_id'] as string,
    enterprise: { id: r['enterprise_id'] as string, name: r['enterprise_name'] as string },
    categoryCode: r['category_code'] as string,
    title: r['title'] as string,
    description: r['description'] as string,
    priority: r['priority'] as CasePriority,
    status: r['status'] as CaseStatus,
    level: Number(r['level']) as CaseLevel,
    unitId: r['unit_id'] as string,
    unitName: r['unit_name'] as string,
    assigneeId: (r['assignee_id'] as string | null) ?? null,
    respondBy: iso(r['respond_by']),
    resolveBy: iso(r['resolve_by']),
    overdue: Boolean(r['overdue']),
    missedDeadline: (r['missed_deadline'] as 'respond' | 'resolve' | null) ?? null,
    extensionUntil: iso(r['extension_until']),
    extendedLevels: ((r['extended_levels'] as number[] | null) ?? []).map(Number),
    returnedFromUnitId: (r['returned_from_unit_id'] as string | null) ?? null,
    resolution: (r['resolution'] as string | null) ?? null,
    satisfied: (r['satisfied'] as boolean | null) ?? null,
    rating: r['rating'] == null ? null : Number(r['rating']),
    ratingComment: (r['rating_comment'] as string | null) ?? null,
    confirmedBy: (r['confirmed_by'] as CaseDto['confirmedBy']) ?? null,
    openedById: r['opened_by_id'] as string,
    openedAt: iso(r['opened_at']) as string,
    resolvedAt: iso(r['resolved_at']),
    closedAt: iso(r['closed_at']),
    version: Number(r['version']),
  };
}

/**
 * A column the filters hold to one value, put first in the ORDER BY of the newest-first ledger (the order is
 * the same, since the column is constant) so that PostgreSQL reads its (column, opened_at, id) index in order
 * and stops after a page. Without it, a filter on what recent cases rarely are (closed, level 2) made the
 * planner walk the opened_at index back through hundreds of thousands of new open cases (60-90 ms at 1M).
 * Only without a unit or search filter: those have their own indexes.
 */
export function leadingOrder(q: ListCasesQuery, sort: LedgerSort): string {
  if (sort.key !== 'openedAt' || q.unitId || q.q || q.enterpriseId || q.assigneeId) return '';
  if (q.status?.length === 1) return `c.status ${sort.dir}, `;
  if (q.level !== undefined && q.level > 0) return `c.level ${sort.dir}, `;
  if (q.category) return `c.category_code ${sort.dir}, `;
  return '';
}

interface Variant {
  v: number;
  respondBy: Date;
  resolveBy: Date;
  payload: ReturnType<typeof openEvent>['payload'];
  outbox: ReturnType<typeof deadlineJobs>;
}

/** Who may open a case for an enterprise (the intake statement's `ok` says the same in SQL). */
function mayOpen(user: AuthUser, ent: Row | undefined): boolean {
  if (!ent) return false;
  return (
    user.role === 'admin' ||
    (user.role === 'instructor' && Boolean(ent['mine'])) ||
    (user.role === 'coordinator' && ent['town_id'] === user.unitId)
  );
}

function notOneOfYours(): ApiError {
  return new ApiError('ENTERPRISE.NOT_FOUND', 'No enterprise with this id that you can open cases for', {
    errors: [{ field: 'enterpriseId', message: 'not one of your enterprises' }],
  });
}

@Injectable()
export class CasesService {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceCache,
  ) {}

  // ---------------------------------------------------------------- open
  async create(
    user: AuthUser,
    dto: CreateCaseDto,
    requestId?: string,
    clock: Date = new Date(),
  ): Promise<CaseDto> {
    return (await this.prepareCreate(user, dto, requestId, clock))(this.ds);
  }

  /**
   * Everything about opening a case that is decided before writing (who may open, the category, both
   * deadline variants), answering the write: one statement, run on the pool (autocommit) or on the connection
   * of an Idempotency-Key's transaction. A refusal found here is thrown before anything is written.
   */
  async prepareCreate(
    user: AuthUser,
    dto: CreateCaseDto,
    requestId?: string,
    clock: Date = new Date(),
  ): Promise<(db: DataSource | PgQueryable) => Promise<CaseDto>> {
    if (!['instructor', 'coordinator', 'admin'].includes(user.role)) {
      throw new ApiError('CASE.CANNOT_OPEN', 'Only instructors, town coordinators and admins open cases');
    }
    const category = await this.categoryForNewCase(dto.categoryCode);
    if (category !== 'active') {
      // Which error comes first stays as it was: an enterprise the opener cannot open cases for, then the category.
      const [ent]: Row[] = await this.ds.query(ENTERPRISE_FOR_OPENER, [dto.enterpriseId, user.id]);
      if (!mayOpen(user, ent)) throw notOneOfYours();
      throw ApiError.invalid(
        'categoryCode',
        category === 'disabled'
          ? `category "${dto.categoryCode}" is disabled: new cases take an active category (see GET /api/categories)`
          : `no category "${dto.categoryCode}" (see GET /api/categories)`,
      );
    }

    // a case opened from a visit (走访) names it: it must be a visit to the same enterprise (an enterprise the
    // opener cannot open cases for is refused as such first, as for the category)
    if (dto.visitId && !(await visitOfEnterprise(this.ds, dto.visitId, dto.enterpriseId))) {
      const [ent]: Row[] = await this.ds.query(ENTERPRISE_FOR_OPENER, [dto.enterpriseId, user.id]);
      if (!mayOpen(user, ent)) throw notOneOfYours();
      throw ApiError.invalid('visitId', 'must be a visit to this enterprise');
    }

    const now = clock;
    const year = ledgerYear(now);
    const priority = dto.priority ?? 'normal';
    // Deadlines for both kinds of enterprise (a key enterprise's cases are urgent): the statement picks one.
    const [plainPolicy, keyPolicy, calendar] = await Promise.all([
      this.refs.policy(0, effectivePriority(priority, false)),
      this.refs.policy(0, effectivePriority(priority, true)),
      this.refs.calendar(now),
    ]);
    const id = uuidv7();
    const variant = (v: number, policy: typeof plainPolicy): Variant => {
      const { respondBy, resolveBy } = computeDeadlines(now, policy, calendar);
      const payload = {
        ...openEvent(ALL_SCOPE).payload, // the open event's payload does not depend on the unit
        respondBy: respondBy.toISOString(),
        resolveBy: resolveBy.toISOString(),
      };
      return {
        v,
        respondBy,
        resolveBy,
        payload,
        outbox: deadlineJobs(id, 'open', respondBy, resolveBy, requestId),
      };
    };
    const variants: [Variant, Variant] = [variant(0, plainPolicy), variant(1, keyPolicy)];
    // What opening a case adds to the counters of each unit of its scope: the statement writes this template
    // once for each unit (the scope, from the enterprise's town, is known only there).
    const template = caseStatsDeltas(null, {
      state: {
        categoryCode: dto.categoryCode,
        level: 0,
        status: 'open',
        overdue: false,
        openedAt: now,
        resolvedAt: null,
      },
      scope: [ALL_SCOPE],
    });
    const outbox = variants.flatMap((x) => x.outbox.map((row) => ({ row, v: x.v })));

    return async (db) => {
      const rows = await queryPrepared<Row>(db, INTAKE_WRITE, [
        dto.enterpriseId,
        user.id,
        user.role,
        user.unitId,
        year,
        id,
        ledgerNoPrefix('', year),
        dto.categoryCode,
        dto.title.trim(),
        dto.description.trim(),
        priority,
        now,
        variants.map((x) => x.respondBy),
        variants.map((x) => x.resolveBy),
        variants.map((x) => JSON.stringify(x.payload)),
        ALL_SCOPE,
        ...statsParams(template),
        ...dailyParams(template),
        ...outboxParams(outbox.map((o) => o.row)),
        outbox.map((o) => o.v),
        shanghaiDate(now),
        ...openedNotificationParams(dto.title.trim(), requestId),
      ]);
      const ent = rows[0];
      // No ledger number: the statement found no enterprise this opener may open cases for, and wrote nothing.
      if (!ent || ent['ledger_no'] == null) throw notOneOfYours();
      if (dto.visitId) await linkVisitCase(db, dto.visitId, id);
      const chosen = Number(ent['v']) === 1 ? variants[1] : variants[0];
      const { respondBy, resolveBy } = chosen;
      const townId = ent['town_id'] as string;
      const event = { ...openEvent(townId), payload: chosen.payload };
      const inserted = { ledgerNo: ent['ledger_no'] as string, eventId: ent['event_id'] as string };

      // The answer is what was just written: no second read.
      const dtoOut: CaseDto = {
        id,
        ledgerNo: inserted.ledgerNo,
        enterpriseId: dto.enterpriseId,
        enterprise: { id: dto.enterpriseId, name: ent['name'] as string },
        categoryCode: dto.categoryCode,
        title: dto.title.trim(),
        description: dto.description.trim(),
        priority,
        status: 'open',
        level: 0,
        unitId: townId,
        unitName: ent['town_name'] as string,
        assigneeId: null,
        respondBy: respondBy.toISOString(),
        resolveBy: resolveBy.toISOString(),
        overdue: false,
        missedDeadline: null,
        extensionUntil: null,
        extendedLevels: [],
        returnedFromUnitId: null,
        resolution: null,
        satisfied: null,
        rating: null,
        ratingComment: null,
        confirmedBy: null,
        openedById: user.id,
        openedAt: now.toISOString(),
        resolvedAt: null,
        closedAt: null,
        version: 1,
      };
      const relation: ActorRelation = {
        inCurrentUnit: user.unitId === townId,
        isAssignee: false,
        isEnterpriseInstructor: user.role === 'instructor' && Boolean(ent['mine']),
        isOpener: true,
        isManagerAbove: false,
      };
      return {
        ...dtoOut,
        allowedActions: allowedActions(applyEvent(null, event, now.toISOString()), {
          id: user.id,
          role: user.role,
          relation,
        }),
        events: [
          {
            id: inserted.eventId,
            type: 'open',
            actorId: user.id,
            actorName: (ent['actor_name'] as string | null) ?? null,
            at: now.toISOString(),
            fromStatus: null,
            toStatus: 'open',
            fromUnitId: null,
            toUnitId: townId,
            reason: null,
            payload: event.payload,
          },
        ],
      };
    };
  }

  /**
   * May a new case take this category? The cache holds the active codes only, so the usual answer costs no
   * query. A code not in it (unknown, disabled, or added or enabled a moment ago in another process) gets
   * one look in the table. Existing cases keep a disabled category: only new work is refused.
   */
  private async categoryForNewCase(code: string): Promise<'active' | 'disabled' | 'unknown'> {
    if ((await this.refs.activeCategoryCodes()).has(code)) return 'active';
    const [row]: Row[] = await this.ds.query(`SELECT active FROM categories WHERE code = $1`, [code]);
    if (!row) return 'unknown';
    return row['active'] ? 'active' : 'disabled';
  }

  // ---------------------------------------------------------------- read
  /**
   * The ledger, filtered, sorted and paged — two ways:
   * - `page`/`pageSize` (offset): what the admin app uses; fine for the first pages.
   * - `cursor` (keyset): the `nextCursor` of the previous answer. The query seeks past the last row of that
   *   page on an index (`(opened_at, id) < (…)`), so page 5,000 costs what page 1 does.
   * `total` is exact: summed from the dashboard counters when the filters allow (see counterScope), else
   * counted — except with a cursor, where a count is replaced by the planner's estimate
   * (`totalEstimated: true`): counting a million rows for every page is what made deep pages slow.
   * Every answer carries `nextCursor` (null on the last page); `page` counts on in cursor mode.
   */
  async list(user: AuthUser, q: ListCasesQuery): Promise<Page<CaseDto>> {
    const pageSize = q.pageSize ?? 20;
    const sort = ledgerSort(q.sort);
    const cursor = q.cursor ? decodeCursor(q.cursor, sort) : null;
    const page = cursor ? cursor.page : (q.page ?? 1);
    const params: unknown[] = [];
    const kinds = await this.unitKinds(user, q);
    const where = await this.filters(user, q, params, kinds);
    const countParams = [...params];
    const seek = cursor ? ` AND ${afterCursor(sort, cursor, params)}` : '';
    const offset = cursor ? 0 : (page - 1) * pageSize;
    const scope = this.counterScope(user, q, kinds);
    const [rows, total] = await Promise.all([
      this.ds.query(
        `SELECT ${CASE_COLUMNS}, ${sortValue(sort)} AS sort_value FROM ${CASE_FROM} WHERE ${where}${seek}
         ORDER BY ${leadingOrder(q, sort)}${orderBy(sort)} LIMIT ${pageSize + 1} OFFSET ${offset}`,
        params,
      ) as Promise<Row[]>,
      scope
        ? this.countFromCounters(scope, q)
        : cursor
          ? this.estimate(where, countParams)
          : this.count(where, countParams),
    ]);
    const more = rows.length > pageSize;
    const items = rows.slice(0, pageSize);
    const last = items[items.length - 1];
    const nextCursor =
      more && last
        ? encodeCursor({
            sort: sort.sort,
            value: (last['sort_value'] as string | null) ?? null,
            id: last['id'] as string,
            page: page + 1,
          })
        : null;
    return {
      items: items.map(rowToDto),
      total,
      page,
      pageSize,
      nextCursor,
      ...(cursor && !scope ? { totalEstimated: true } : {}),
    };
  }

  /**
   * The dashboard unit whose counters hold exactly this list's total, or null. The counters (case_stats and
   * its deltas, written in the transaction of every case change) count a case for ALL, its county and city
   * and every unit that held it: for towns, counties and cities that is the case's town_id/county_id/city_id,
   * and for a bureau officer it is his jurisdiction (cases his bureau held). Searches, enterprise and assignee
   * filters, instructors, and a unitId filter on a bureau (its current cases) are counted on the ledger.
   */
  private counterScope(user: AuthUser, q: ListCasesQuery, kinds: Map<string, string>): string | null {
    if (q.q || q.enterpriseId || q.assigneeId) return null;
    const area = (id: string | null | undefined) =>
      !!id && ['town', 'county', 'city'].includes(kinds.get(id) ?? '');
    let own: string | null;
    if (user.role === 'admin') own = ALL_SCOPE;
    else if (user.role === 'coordinator' || user.role === 'manager')
      own = area(user.unitId) ? (user.unitId as string) : null;
    else if (user.role === 'bureau_officer')
      own = kinds.get(user.unitId ?? '') === 'bureau' ? (user.unitId as string) : null;
    else own = null;
    if (!own || !q.unitId) return own;
    if (!area(q.unitId)) return null;
    return own === ALL_SCOPE || own === q.unitId ? q.unitId : null;
  }

  /** The list's total from the dashboard counters (a few hundred rows at most, whatever the ledger's size). */
  private async countFromCounters(scope: string, q: ListCasesQuery): Promise<number> {
    const params: unknown[] = [scope];
    const cond = ['unit_id = $1'];
    if (q.status?.length) cond.push(`status = ANY($${params.push(q.status)}::text[])`);
    if (q.category) cond.push(`category_code = $${params.push(q.category)}`);
    if (q.level !== undefined) cond.push(`level = $${params.push(q.level)}`);
    if (q.overdue !== undefined) cond.push(q.overdue ? 'overdue' : 'NOT overdue');
    const w = cond.join(' AND ');
    const [r] = (await this.ds.query(
      `SELECT COALESCE(sum(n), 0)::int AS total FROM (
         SELECT n FROM case_stats WHERE ${w} UNION ALL SELECT n FROM case_stats_deltas WHERE ${w}) x`,
      params,
    )) as Row[];
    return Number(r?.['total'] ?? 0);
  }

  /** The kind of each unit the list's filters name (the manager's own, and `unitId`). */
  private unitKinds(user: AuthUser, q: ListCasesQuery): Promise<Map<string, string>> {
    return ledgerUnitKinds(this.ds, user, q);
  }

  private async count(where: string, params: unknown[]): Promise<number> {
    const [r] = (await this.ds.query(
      `SELECT count(*)::int AS total FROM cases c WHERE ${where}`,
      params,
    )) as Row[];
    return Number(r?.['total'] ?? 0);
  }

  /** The planner's row estimate for the filters (no scan): the `total` of keyset pages. */
  private async estimate(where: string, params: unknown[]): Promise<number> {
    const [r] = (await this.ds.query(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM cases c WHERE ${where}`,
      params,
    )) as Row[];
    const plan = r?.['QUERY PLAN'] as { Plan?: { 'Plan Rows'?: number } }[] | undefined;
    return Math.round(plan?.[0]?.Plan?.['Plan Rows'] ?? 0);
  }

  /**
   * The WHERE clause of the ledger for this user and these filters: `ledgerWhere` of `@taizhang/db`
   * (shared with the ledger download and the worker's export job).
   */
  async filters(
    user: AuthUser,
    q: ListCasesQuery,
    params: unknown[],
    known?: Map<string, string>,
  ): Promise<string> {
    return ledgerWhere(this.ds, user, q, params, known);
  }

  private async loadVisible(m: EntityManager, user: AuthUser, id: string): Promise<Row> {
    const params: unknown[] = [id];
    const cond = caseVisibility(user, params);
    const rows: Row[] = await m.query(
      `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.id = $1 AND ${cond}`,
      params,
    );
    if (!rows[0]) throw new ApiError('CASE.NOT_FOUND', 'No case with this id in your jurisdiction');
    return rows[0];
  }

  async get(user: AuthUser, id: string): Promise<CaseDto> {
    const row = await this.loadVisible(this.ds.manager, user, id);
    const events: Row[] = await this.ds.query(
      `SELECT ev.*, us.display_name AS actor_name FROM case_events ev LEFT JOIN users us ON us.id = ev.actor_id
        WHERE ev.case_id = $1 ORDER BY ev.seq`,
      [id],
    );
    const [actor, hops] = await Promise.all([
      this.actorFor(this.ds.manager, user, row),
      this.ds.query(
        `SELECT h.unit_id, u.name, h.level, h.arrived_at, h.left_at,
                extract(epoch FROM coalesce(h.left_at, now()) - h.arrived_at) / 3600 AS hours
           FROM case_hops h JOIN units u ON u.id = h.unit_id WHERE h.case_id = $1 ORDER BY h.arrived_at`,
        [id],
      ) as Promise<Row[]>,
    ]);
    return {
      ...rowToDto(row),
      hops: hops.map((h) => ({
        unitId: h['unit_id'] as string,
        unitName: h['name'] as string,
        level: Number(h['level']) as CaseLevel,
        arrivedAt: iso(h['arrived_at']) as string,
        leftAt: iso(h['left_at']),
        hoursHeld: Math.round(Number(h['hours']) * 100) / 100,
      })),
      allowedActions: allowedActions(rowToSnapshot(row), actor),
      events: events.map((e): CaseEventDto => ({
        id: e['id'] as string,
        type: e['type'] as CaseEventDto['type'],
        actorId: (e['actor_id'] as string | null) ?? null,
        actorName:
          (e['actor_name'] as string | null) ??
          (e['actor_id']
            ? null
            : (e['payload'] as Record<string, unknown> | null)?.['confirmedBy'] === 'enterprise'
              ? '企业（确认链接）'
              : '系统'),
        at: iso(e['at']) as string,
        fromStatus: (e['from_status'] as CaseStatus | null) ?? null,
        toStatus: e['to_status'] as CaseStatus,
        fromUnitId: (e['from_unit_id'] as string | null) ?? null,
        toUnitId: e['to_unit_id'] as string,
        reason: (e['reason'] as string | null) ?? null,
        payload: e['payload'] as Record<string, unknown>,
      })),
    };
  }

  private async actorFor(m: EntityManager, user: AuthUser, row: Row): Promise<Actor> {
    let isEnterpriseInstructor = false;
    if (user.role === 'instructor') {
      const r: Row[] = await m.query(
        `SELECT 1 FROM enterprise_instructors WHERE enterprise_id = $1 AND user_id = $2`,
        [row['enterprise_id'], user.id],
      );
      isEnterpriseInstructor = r.length > 0;
    }
    const relation: ActorRelation = {
      inCurrentUnit: !!user.unitId && user.unitId === row['unit_id'],
      isAssignee: user.id === row['assignee_id'],
      isEnterpriseInstructor,
      isOpener: user.id === row['opened_by_id'],
      // visibility already established that the case is under the manager's unit
      isManagerAbove: user.role === 'manager',
      // the unit right above the holder decides its extension requests
      managesUnitAbove: user.role === 'manager' && !!user.unitId && user.unitId === row['unit_parent_id'],
      // the town's own people follow a case the town escalated
      inCaseTown: !!user.unitId && user.unitId === row['town_id'],
    };
    return { id: user.id, role: user.role, relation };
  }

  // ---------------------------------------------------------------- act
  async act(
    user: AuthUser,
    id: string,
    dto: CaseActionDto,
    requestId?: string,
    clock: Date = new Date(),
  ): Promise<CaseDto> {
    await this.write(user, id, dto, requestId, clock);
    return this.get(user, id);
  }

  /**
   * Decide and write one action on one case in its own transaction. Without `dto.version` (bulk actions) the
   * version read in the transaction is expected: a change by someone else in between is still a 409.
   */
  private async write(
    user: AuthUser,
    id: string,
    dto: Omit<CaseActionDto, 'version'> & { version?: number },
    requestId: string | undefined,
    clock: Date,
  ): Promise<{ status: CaseStatus; version: number }> {
    return this.ds.transaction(async (m) => {
      const row = await this.loadVisible(m, user, id);
      const current = Number(row['version']);
      const expected = dto.version ?? current;
      if (current !== expected) {
        throw new ApiError(
          'CASE.STALE_VERSION',
          `The case has changed since you loaded it (version ${current}, you sent ${expected}): reload it and try again`,
          {
            currentVersion: current,
          },
        );
      }
      const decided = await this.transitionFor(m, user, row, dto, clock, requestId);
      if (!decided.ok) throw fromRefusal(decided);
      const next = decided.transition.next;
      const written = await applyTransitions(m, [{ ...decided.transition, version: expected }]);
      if (!written.size) {
        const again: Row[] = await m.query(`SELECT version FROM cases WHERE id = $1`, [id]);
        throw new ApiError(
          'CASE.STALE_VERSION',
          'The case was changed by someone else just now: reload it and try again',
          {
            currentVersion: Number(again[0]?.['version']),
          },
        );
      }
      return { status: next.status, version: expected + 1 };
    });
  }

  /**
   * The same action on many cases (the inbox's bulk assign and bulk urge): each case is decided and written
   * on its own, in its own transaction, so one refusal does not undo the others; one result per case id, in
   * the order sent (a repeated id is acted on once and answered for each time).
   */
  async bulk(
    user: AuthUser,
    dto: BulkCaseActionDto,
    requestId?: string,
  ): Promise<{ results: BulkActionResult[] }> {
    const done = new Map<string, BulkActionResult>();
    for (const caseId of dto.caseIds) {
      if (done.has(caseId)) continue;
      try {
        const r = await this.write(
          user,
          caseId,
          { action: dto.action, assigneeId: dto.assigneeId, reason: dto.reason },
          requestId,
          new Date(),
        );
        done.set(caseId, { caseId, ok: true, status: r.status, version: r.version });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        done.set(caseId, { caseId, ok: false, code: e.code, error: e.detail });
      }
    }
    return { results: dto.caseIds.map((caseId) => done.get(caseId) as BulkActionResult) };
  }

  /**
   * Where an escalation would send the case now, from the routing rules (what the escalate dialog names before
   * the user confirms). 409 CASE.TOP_LEVEL at a city bureau, 409 CASE.NO_ROUTE when no rule names a bureau.
   */
  async escalationTarget(user: AuthUser, id: string): Promise<EscalationTarget> {
    const row = await this.loadVisible(this.ds.manager, user, id);
    if (Number(row['level']) >= TOP_LEVEL) {
      throw new ApiError('CASE.TOP_LEVEL', 'The case is already with a city bureau, the top level');
    }
    const target = (await escalationTargets(this.ds.manager, [row]))[0];
    if (!target) {
      throw new ApiError(
        'CASE.NO_ROUTE',
        'No routing rule names a bureau for this category at the next level',
      );
    }
    const names = await unitNames(this.ds.manager, [target.unitId]);
    return { unitId: target.unitId, unitName: names.get(target.unitId) ?? '', level: target.level };
  }

  /**
   * One case's decided change for a request, not yet written: who the actor is to the case, the domain's
   * decision, fresh deadlines when the case moves or reopens. `act` writes it for one case; a common
   * problem's action (modules/common-problems) decides it for each member and writes them together.
   */
  async transitionFor(
    m: EntityManager,
    user: AuthUser,
    row: Row,
    dto: Omit<CaseActionDto, 'version'>,
    now: Date,
    requestId?: string,
  ): Promise<
    { ok: true; transition: CaseTransition } | { ok: false; code: string; message: string; field?: string }
  > {
    const actor = await this.actorFor(m, user, row);
    const command = await this.command(m, row, dto, now);
    const decision = decide(rowToSnapshot(row), actor, command, now);
    if (!decision.ok) return decision;
    const { next } = decision;
    let event = decision.event;

    // A case that arrives at a new unit, or is reopened, gets fresh deadlines (the domain says which).
    const before = rowToSnapshot(row);
    let deadlines: CaseDeadlines = {
      respondBy: row['respond_by'] ? new Date(row['respond_by'] as string) : null,
      resolveBy: row['resolve_by'] ? new Date(row['resolve_by'] as string) : null,
    };
    let scheduled: CaseDeadlines | null = null;
    if (getsFreshDeadlines(before, next, event)) {
      const [policy, calendar] = await Promise.all([
        this.refs.policy(
          next.level,
          effectivePriority(row['priority'] as CasePriority, Boolean(row['enterprise_key'])),
        ),
        this.refs.calendar(now),
      ]);
      ({ deadlines, scheduled, event } = freshDeadlines(
        before,
        event,
        next,
        deadlines,
        computeDeadlines(now, policy, calendar),
      ));
    }
    // An approved extension moves the resolve-by and queues its check anew (the old check finds it moved).
    const extended = extensionDeadlines(event, deadlines);
    if (extended) ({ deadlines, scheduled } = extended);
    return {
      ok: true,
      transition: { row, events: [event], next, actorId: user.id, at: now, deadlines, scheduled, requestId },
    };
  }

  /**
   * The rows of these cases that the user may see, locked for a change (FOR UPDATE, in id order so that
   * two batches over the same cases cannot deadlock).
   */
  async lockVisible(m: EntityManager, user: AuthUser, ids: string[]): Promise<Row[]> {
    const params: unknown[] = [ids];
    const cond = caseVisibility(user, params);
    return m.query(
      `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.id = ANY($1::uuid[]) AND ${cond} ORDER BY c.id FOR UPDATE OF c`,
      params,
    );
  }

  /** The domain command for a request, with what only the database knows (assignee's unit, escalation target). */
  private async command(
    m: EntityManager,
    row: Row,
    dto: Omit<CaseActionDto, 'version'>,
    now: Date,
  ): Promise<CaseCommand> {
    switch (dto.action) {
      case 'request_extension': {
        const resolveBy = row['resolve_by'] ? new Date(row['resolve_by'] as string) : null;
        const [policy, calendar] = await Promise.all([
          this.refs.policy(
            Number(row['level']) as CaseLevel,
            effectivePriority(row['priority'] as CasePriority, Boolean(row['enterprise_key'])),
          ),
          this.refs.calendar(now),
        ]);
        return {
          action: 'request_extension',
          reason: dto.reason,
          until: dto.until ? new Date(dto.until) : null,
          resolveBy,
          latest: latestExtension(resolveBy, now, policy, calendar),
        };
      }
      case 'assign': {
        let inUnit = false;
        if (dto.assigneeId) {
          const r: Row[] = await m.query(
            `SELECT 1 FROM users WHERE id = $1 AND unit_id = $2 AND active AND role IN ('coordinator', 'bureau_officer')`,
            [dto.assigneeId, row['unit_id']],
          );
          inUnit = r.length > 0;
        }
        return {
          action: 'assign',
          assigneeId: dto.assigneeId,
          assigneeInCurrentUnit: inUnit,
          reason: dto.reason,
        };
      }
      case 'escalate':
        return {
          action: 'escalate',
          reason: dto.reason,
          target: (await escalationTargets(m, [row]))[0] ?? null,
        };
      case 'resolve':
        return { action: 'resolve', resolution: dto.resolution };
      case 'confirm':
        return { action: 'confirm', rating: dto.rating, comment: dto.comment };
      case 'reopen':
        return { action: 'reopen', reason: dto.reason, rating: dto.rating };
      case 'comment':
        return { action: 'comment', comment: dto.comment };
      default:
        return { action: dto.action, reason: dto.reason };
    }
  }
}
