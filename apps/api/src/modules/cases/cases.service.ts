import { Injectable } from '@nestjs/common';
import type { CaseDto, CaseEventDto, Page } from '@taizhang/contracts';
import {
  Actor,
  ActorRelation,
  CaseCommand,
  CaseLevel,
  CasePriority,
  CaseStatus,
  allowedActions,
  applyEvent,
  computeDeadlines,
  decide,
  effectivePriority,
  extensionDeadlines,
  latestExtension,
  TOP_LEVEL,
  ledgerNoPrefix,
  ledgerYear,
  openEvent,
  shanghaiDate,
} from '@taizhang/domain';
import {
  ALL_SCOPE,
  applyTransitions,
  CaseTransition,
  CaseRow,
  caseEvents,
  caseHops,
  caseStatsDeltas,
  caseVersion,
  categoryActive,
  countCasesFromCounters,
  countLedger,
  deadlineJobs,
  EnterpriseForOpenerRow,
  enterpriseForOpener,
  estimateLedger,
  isAssignableInUnit,
  isEnterpriseInstructor,
  ledgerPage,
  loadVisibleCase,
  lockVisibleCases,
  rowToSnapshot,
  PgQueryable,
  escalationTargets,
  linkVisitCase,
  writeIntake,
  visitOfEnterprise,
  unitNames,
  ledgerUnitKinds,
} from '@taizhang/db';
import { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuthUser } from '../../core/auth';
import { ApiError, fromRefusal } from '../../core/errors';
import { BulkCaseActionDto, CaseActionDto, CreateCaseDto, ListCasesQuery } from './dto/cases.dto';
import type { BulkActionResult, EscalationTarget } from './dto/cases.responses';
import { decodeCursor, encodeCursor, ledgerSort } from './ledger-paging';
import { ReferenceCache } from '../reference/reference-cache.service';

function iso(v: Date | string | null | undefined): string | null {
  return v == null ? null : new Date(v).toISOString();
}

function rowToDto(r: CaseRow): CaseDto {
  return {
    id: r.id,
    ledgerNo: r.ledger_no,
    enterpriseId: r.enterprise_id,
    enterprise: { id: r.enterprise_id, name: r.enterprise_name },
    categoryCode: r.category_code,
    title: r.title,
    description: r.description,
    priority: r.priority as CasePriority,
    status: r.status as CaseStatus,
    level: Number(r.level) as CaseLevel,
    unitId: r.unit_id,
    unitName: r.unit_name,
    assigneeId: r.assignee_id ?? null,
    respondBy: iso(r.respond_by),
    resolveBy: iso(r.resolve_by),
    overdue: Boolean(r.overdue),
    missedDeadline: (r.missed_deadline as 'respond' | 'resolve' | null) ?? null,
    extensionUntil: iso(r.extension_until),
    extendedLevels: (r.extended_levels ?? []).map(Number),
    returnedFromUnitId: r.returned_from_unit_id ?? null,
    resolution: r.resolution ?? null,
    satisfied: r.satisfied ?? null,
    rating: r.rating == null ? null : Number(r.rating),
    ratingComment: r.rating_comment ?? null,
    confirmedBy: r.confirmed_by ?? null,
    openedById: r.opened_by_id,
    openedAt: iso(r.opened_at) as string,
    resolvedAt: iso(r.resolved_at),
    closedAt: iso(r.closed_at),
    version: Number(r.version),
  };
}

interface Variant {
  v: number;
  respondBy: Date;
  resolveBy: Date;
  payload: ReturnType<typeof openEvent>['payload'];
  outbox: ReturnType<typeof deadlineJobs>;
}

/** Who may open a case for an enterprise (the intake statement's `ok` says the same in SQL). */
function mayOpen(user: AuthUser, ent: EnterpriseForOpenerRow | undefined): boolean {
  if (!ent) return false;
  return (
    user.role === 'admin' ||
    (user.role === 'instructor' && Boolean(ent.mine)) ||
    (user.role === 'coordinator' && ent.town_id === user.unitId)
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
      const ent = await enterpriseForOpener(this.ds, dto.enterpriseId, user.id);
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
      const ent = await enterpriseForOpener(this.ds, dto.enterpriseId, user.id);
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
      const ent = await writeIntake(db, {
        enterpriseId: dto.enterpriseId,
        openerId: user.id,
        openerRole: user.role,
        openerUnitId: user.unitId,
        year,
        caseId: id,
        ledgerNoPrefix: ledgerNoPrefix('', year),
        categoryCode: dto.categoryCode,
        title: dto.title.trim(),
        description: dto.description.trim(),
        priority,
        openedAt: now,
        variants,
        template,
        outbox,
        localDay: shanghaiDate(now),
        requestId,
      });
      // No ledger number: the statement found no enterprise this opener may open cases for, and wrote nothing.
      if (!ent || ent.ledger_no == null) throw notOneOfYours();
      if (dto.visitId) await linkVisitCase(db, dto.visitId, id);
      const chosen = Number(ent.v) === 1 ? variants[1] : variants[0];
      const { respondBy, resolveBy } = chosen;
      const townId = ent.town_id;
      const event = { ...openEvent(townId), payload: chosen.payload };
      const inserted = { ledgerNo: ent.ledger_no, eventId: ent.event_id as string };

      // The answer is what was just written: no second read.
      const dtoOut: CaseDto = {
        id,
        ledgerNo: inserted.ledgerNo,
        enterpriseId: dto.enterpriseId,
        enterprise: { id: dto.enterpriseId, name: ent.name },
        categoryCode: dto.categoryCode,
        title: dto.title.trim(),
        description: dto.description.trim(),
        priority,
        status: 'open',
        level: 0,
        unitId: townId,
        unitName: ent.town_name,
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
        isEnterpriseInstructor: user.role === 'instructor' && Boolean(ent.mine),
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
            actorName: ent.actor_name ?? null,
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
  /** Whether a new case may take the category (the common problems' suggestions ask it too). */
  async categoryForNewCase(code: string): Promise<'active' | 'disabled' | 'unknown'> {
    if ((await this.refs.activeCategoryCodes()).has(code)) return 'active';
    const active = await categoryActive(this.ds, code);
    if (active === null) return 'unknown';
    return active ? 'active' : 'disabled';
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
    const kinds = await this.unitKinds(user, q);
    const listing = { viewer: user, filters: q, kinds };
    const offset = cursor ? 0 : (page - 1) * pageSize;
    const scope = this.counterScope(user, q, kinds);
    const [rows, total] = await Promise.all([
      ledgerPage(this.ds, {
        ...listing,
        sort,
        after: cursor && { value: cursor.value, id: cursor.id },
        limit: pageSize + 1,
        offset,
      }),
      scope
        ? this.countFromCounters(scope, q)
        : cursor
          ? estimateLedger(this.ds, listing)
          : countLedger(this.ds, listing),
    ]);
    const more = rows.length > pageSize;
    const items = rows.slice(0, pageSize);
    const last = items[items.length - 1];
    const nextCursor =
      more && last
        ? encodeCursor({
            sort: sort.sort,
            value: last.sort_value ?? null,
            id: last.id,
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
      own = area(user.unitId) ? user.unitId : null;
    else if (user.role === 'bureau_officer')
      own = kinds.get(user.unitId ?? '') === 'bureau' ? user.unitId : null;
    else own = null;
    if (!own || !q.unitId) return own;
    if (!area(q.unitId)) return null;
    return own === ALL_SCOPE || own === q.unitId ? q.unitId : null;
  }

  /** The list's total from the dashboard counters (a few hundred rows at most, whatever the ledger's size). */
  private countFromCounters(scope: string, q: ListCasesQuery): Promise<number> {
    return countCasesFromCounters(this.ds, scope, q);
  }

  /** The kind of each unit the list's filters name (the manager's own, and `unitId`). */
  private unitKinds(user: AuthUser, q: ListCasesQuery): Promise<Map<string, string>> {
    return ledgerUnitKinds(this.ds, user, q);
  }

  private async loadVisible(m: EntityManager, user: AuthUser, id: string): Promise<CaseRow> {
    const row = await loadVisibleCase(m, user, id);
    if (!row) throw new ApiError('CASE.NOT_FOUND', 'No case with this id in your jurisdiction');
    return row;
  }

  async get(user: AuthUser, id: string): Promise<CaseDto> {
    const row = await this.loadVisible(this.ds.manager, user, id);
    const events = await caseEvents(this.ds, id);
    const [actor, hops] = await Promise.all([
      this.actorFor(this.ds.manager, user, row),
      caseHops(this.ds, id),
    ]);
    return {
      ...rowToDto(row),
      hops: hops.map((h) => ({
        unitId: h.unit_id,
        unitName: h.name,
        level: Number(h.level) as CaseLevel,
        arrivedAt: iso(h.arrived_at) as string,
        leftAt: iso(h.left_at),
        hoursHeld: Math.round(Number(h.hours) * 100) / 100,
      })),
      allowedActions: allowedActions(rowToSnapshot(row), actor),
      events: events.map((e): CaseEventDto => ({
        id: e.id,
        type: e.type as CaseEventDto['type'],
        actorId: e.actor_id ?? null,
        actorName:
          e.actor_name ??
          (e.actor_id ? null : e.payload?.['confirmedBy'] === 'enterprise' ? '企业（确认链接）' : '系统'),
        at: iso(e.at) as string,
        fromStatus: (e.from_status as CaseStatus | null) ?? null,
        toStatus: e.to_status as CaseStatus,
        fromUnitId: e.from_unit_id ?? null,
        toUnitId: e.to_unit_id,
        reason: e.reason ?? null,
        payload: e.payload as Record<string, unknown>,
      })),
    };
  }

  private async actorFor(m: EntityManager, user: AuthUser, row: CaseRow): Promise<Actor> {
    const isInstructor =
      user.role === 'instructor' && (await isEnterpriseInstructor(m, row.enterprise_id, user.id));
    const relation: ActorRelation = {
      inCurrentUnit: !!user.unitId && user.unitId === row.unit_id,
      isAssignee: user.id === row.assignee_id,
      isEnterpriseInstructor: isInstructor,
      isOpener: user.id === row.opened_by_id,
      // visibility already established that the case is under the manager's unit
      isManagerAbove: user.role === 'manager',
      // the unit right above the holder decides its extension requests
      managesUnitAbove: user.role === 'manager' && !!user.unitId && user.unitId === row.unit_parent_id,
      // the town's own people follow a case the town escalated
      inCaseTown: !!user.unitId && user.unitId === row.town_id,
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
      const current = Number(row.version);
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
        const again = await caseVersion(m, id);
        throw new ApiError(
          'CASE.STALE_VERSION',
          'The case was changed by someone else just now: reload it and try again',
          {
            currentVersion: Number(again),
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
    if (Number(row.level) >= TOP_LEVEL) {
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
    row: CaseRow,
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

    // A case that arrives at a new unit, or is reopened, gets fresh deadlines (the domain says which).
    const before = rowToSnapshot(row);
    const { event, ...fresh } = await this.refs.deadlinesAfter(row, before, next, decision.event, now);
    // An approved extension moves the resolve-by and queues its check anew (the old check finds it moved).
    const { deadlines, scheduled } = extensionDeadlines(event, fresh.deadlines) ?? fresh;
    return {
      ok: true,
      transition: { row, events: [event], next, actorId: user.id, at: now, deadlines, scheduled, requestId },
    };
  }

  /**
   * The rows of these cases that the user may see, locked for a change (FOR UPDATE, in id order so that
   * two batches over the same cases cannot deadlock).
   */
  lockVisible(m: EntityManager, user: AuthUser, ids: string[]): Promise<CaseRow[]> {
    return lockVisibleCases(m, user, ids);
  }

  /** The domain command for a request, with what only the database knows (assignee's unit, escalation target). */
  private async command(
    m: EntityManager,
    row: CaseRow,
    dto: Omit<CaseActionDto, 'version'>,
    now: Date,
  ): Promise<CaseCommand> {
    switch (dto.action) {
      case 'request_extension': {
        const resolveBy = row.resolve_by ? new Date(row.resolve_by) : null;
        const [policy, calendar] = await Promise.all([
          this.refs.policyFor(row, Number(row.level) as CaseLevel),
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
        const inUnit = dto.assigneeId ? await isAssignableInUnit(m, dto.assigneeId, row.unit_id) : false;
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
