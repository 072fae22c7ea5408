import type { CasePriority, DeadlineKind } from '@taizhang/domain';
import { AWAITING_RESPONSE_STATUSES, PENDING_STATUSES, sqlStatusList } from '@taizhang/domain';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { LockedCaseRow } from './case-rows';

/**
 * The worker's deadline checks: the cases they lock, the missed deadlines the safety net finds, and the lock
 * that keeps the safety net to one worker at a time. The writes go through `applyTransitions`.
 */
type Queryable = Pick<EntityManager, 'query'>;

/** The status lists of the sweep's queries, spelled out (the partial indexes' predicates must match them). */
const AWAITING = sqlStatusList(AWAITING_RESPONSE_STATUSES);
const PENDING = sqlStatusList(PENDING_STATUSES);

/** A case locked for its deadline check. */
export interface DeadlineCase {
  id: string;
  respondBy: Date | null;
  resolveBy: Date | null;
  priority: CasePriority;
  /** Its enterprise is a key one. */
  enterpriseKey: boolean;
  /** The whole row (`cases.*` and `enterprise_key`), as `rowToSnapshot`, `escalationTargets` and `applyTransitions` take it. */
  row: LockedCaseRow;
}

type DeadlineCaseRow = LockedCaseRow;

const when = (v: Date | string | null): Date | null => (v ? new Date(v) : null);

/**
 * Lock the cases (by id, in id order) for their deadline checks, each with its enterprise's key flag. With
 * `wait: false` a row another transaction holds is skipped (`SKIP LOCKED`); such a case is missing from the answer.
 */
export async function lockCasesForDeadlineCheck(
  m: Queryable,
  caseIds: string[],
  opts: { wait: boolean },
): Promise<DeadlineCase[]> {
  const rows: DeadlineCaseRow[] = await m.query(
    `SELECT c.*, e.key AS enterprise_key FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
          WHERE c.id = ANY($1::uuid[]) ORDER BY c.id FOR UPDATE OF c${opts.wait ? '' : ' SKIP LOCKED'}`,
    [caseIds],
  );
  return rows.map((r) => ({
    id: r.id,
    respondBy: when(r.respond_by),
    resolveBy: when(r.resolve_by),
    priority: r.priority as CasePriority,
    enterpriseKey: Boolean(r.enterprise_key),
    row: r,
  }));
}

/** A deadline that passed and has not been handled: the case, which deadline, and when it was due. */
export interface DueDeadline {
  caseId: string;
  deadline: DeadlineKind;
  dueAt: Date;
}

/**
 * The deadlines due by `now` that nothing handled (at most `limit`, earliest resolve-by first): respond-by
 * while a case awaits its first response, resolve-by while it is pending (and again for a town case not yet
 * escalated). A case due on both counts is answered once, for its respond-by.
 */
export async function dueDeadlines(q: Queryable, now: Date, limit: number): Promise<DueDeadline[]> {
  const rows: { id: string; respond_by: Date | null; resolve_by: Date | null; respond_due: boolean }[] =
    // Two index range scans (the partial indexes of pending deadlines), not one OR: with an OR the planner
    // walked the whole pending resolve-by index in order and filtered it (1M cases, 450,000 pending, nothing
    // due: 240 ms per idle sweep; this: 14 ms, most of it skipping a standing backlog of 50,000 handled
    // overdue cases). Respond-by first; a case due on both counts is handled for its respond-by.
    await q.query(
      `SELECT id, respond_by, resolve_by, respond_due FROM (
           (SELECT id, respond_by, resolve_by, true AS respond_due FROM cases
             WHERE status IN ${AWAITING} AND NOT overdue AND respond_by <= $1
             ORDER BY respond_by LIMIT $2)
           UNION ALL
           (SELECT id, respond_by, resolve_by, false FROM cases
             WHERE status IN ${PENDING} AND resolve_by <= $1 AND (NOT overdue OR (level = 0 AND returned_from_unit_id IS NULL))
               AND NOT (status IN ${AWAITING} AND NOT overdue AND respond_by IS NOT NULL AND respond_by <= $1)
             ORDER BY resolve_by LIMIT $2)) due
         ORDER BY resolve_by LIMIT $2`,
      [now, limit],
    );
  return rows.map((c) => {
    const deadline: DeadlineKind = c.respond_due ? 'respond' : 'resolve';
    return {
      caseId: c.id,
      deadline,
      dueAt: new Date((deadline === 'respond' ? c.respond_by : c.resolve_by) as Date),
    };
  });
}

/** The session-level advisory lock that keeps the deadline safety net to one worker at a time. */
const SWEEP_LOCK = 727275;

/** Take the safety net's lock on this connection if nobody holds it; answers whether it was taken. */
export async function trySweepLock(runner: Pick<QueryRunner, 'query'>): Promise<boolean> {
  const [{ locked }]: { locked: boolean }[] = await runner.query(
    `SELECT pg_try_advisory_lock(${SWEEP_LOCK}) AS locked`,
  );
  return locked;
}

/** Give the safety net's lock back (on the connection that took it). */
export async function releaseSweepLock(runner: Pick<QueryRunner, 'query'>): Promise<void> {
  await runner.query(`SELECT pg_advisory_unlock(${SWEEP_LOCK})`);
}
