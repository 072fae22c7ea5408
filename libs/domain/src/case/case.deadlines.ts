import type { CaseCommand, CaseEventDraft, CaseSnapshot, CaseStatus, DeadlineKind } from './case.types';
import { AWAITING_RESPONSE_STATUSES, PENDING_STATUSES, TOP_LEVEL } from './case.types';
import { applyEvent, markOverdue } from './case.state-machine';

/** A case's deadlines (null: none). */
export interface CaseDeadlines {
  respondBy: Date | null;
  resolveBy: Date | null;
}

/** The reason the system gives when it escalates a town case whose resolve-by passed. */
export const AUTO_ESCALATION_REASON =
  '乡镇办结时限已过，系统自动上报 (resolve-by passed at the town: escalated automatically)';

/** What a missed deadline does to a case: the `overdue` mark (if not yet marked) and whether it escalates. */
export interface MissedDeadline {
  /** The `overdue` event, or null when the case is already marked or the deadline no longer applies. */
  overdue: CaseEventDraft | null;
  /** The case after the mark. */
  next: CaseSnapshot;
  /** A town case still pending past its resolve-by goes one level up (the system escalates it). */
  escalates: boolean;
}

export function missedDeadline(snapshot: CaseSnapshot, deadline: DeadlineKind, now: Date): MissedDeadline {
  const overdue = markOverdue(snapshot, deadline);
  const next = overdue ? applyEvent(snapshot, overdue, now.toISOString()) : snapshot;
  const escalates = autoEscalates(next, deadline);
  return { overdue, next, escalates };
}

/**
 * Whether the system escalates a case whose `deadline` passed: a town case still pending past its resolve-by,
 * unless a bureau returned it to the town. Then the town's coordinator decides whether to escalate again (no
 * ping-pong between the town and the bureau); the deadline still runs, is still marked and still notifies.
 */
export function autoEscalates(c: CaseSnapshot, deadline: DeadlineKind): boolean {
  return (
    deadline === 'resolve' && c.level === 0 && PENDING_STATUSES.includes(c.status) && !c.returnedFromUnitId
  );
}

/**
 * The deadlines after an approved extension: the resolve-by moves to the date asked for, and its check is
 * queued anew (the pending check of the old date finds the deadline moved and does nothing). Null for any
 * other event.
 */
export function extensionDeadlines(
  event: Pick<CaseEventDraft, 'type' | 'payload'>,
  current: CaseDeadlines,
): { deadlines: CaseDeadlines; scheduled: CaseDeadlines } | null {
  if (event.type !== 'approve_extension' || typeof event.payload['resolveBy'] !== 'string') return null;
  const resolveBy = new Date(event.payload['resolveBy']);
  return {
    deadlines: { respondBy: current.respondBy, resolveBy },
    scheduled: { respondBy: null, resolveBy },
  };
}

/** The command the system gives for a missed deadline that escalates (`target`: the bureau one level up). */
export function autoEscalation(target: { unitId: string; level: CaseSnapshot['level'] } | null): CaseCommand {
  return { action: 'escalate', reason: AUTO_ESCALATION_REASON, target };
}

/** Whether a case can go one level up from `level` (a city bureau is the top). */
export function belowTop(level: number): boolean {
  return level < TOP_LEVEL;
}

/** A change gives the case fresh deadlines when it arrives at another unit, or is reopened. */
export function getsFreshDeadlines(
  before: CaseSnapshot,
  next: CaseSnapshot,
  event: Pick<CaseEventDraft, 'type'>,
): boolean {
  return next.unitId !== before.unitId || event.type === 'reopen';
}

/**
 * The deadlines after a change that gets fresh ones (`fresh`: computed from the moment of the change for the
 * case's new level): a move takes both; a reopen only a new resolve-by (the respond-by was met long ago).
 * `scheduled` are the deadlines whose checks are to be queued; the event records the deadlines after it.
 */
export function freshDeadlines(
  before: CaseSnapshot,
  event: CaseEventDraft,
  next: CaseSnapshot,
  current: CaseDeadlines,
  fresh: { respondBy: Date; resolveBy: Date },
): { deadlines: CaseDeadlines; scheduled: CaseDeadlines; event: CaseEventDraft } {
  const moved = next.unitId !== before.unitId;
  const deadlines = { respondBy: moved ? fresh.respondBy : current.respondBy, resolveBy: fresh.resolveBy };
  return {
    deadlines,
    scheduled: { respondBy: moved ? fresh.respondBy : null, resolveBy: fresh.resolveBy },
    event: {
      ...event,
      payload: {
        ...event.payload,
        respondBy: deadlines.respondBy?.toISOString() ?? null,
        resolveBy: deadlines.resolveBy.toISOString(),
      },
    },
  };
}

/** The deadline checks a case in `status` needs: respond-by while awaiting a first response, resolve-by while pending. */
export function deadlineChecks(
  status: CaseStatus,
  d: CaseDeadlines,
): { deadline: DeadlineKind; dueAt: Date }[] {
  const checks: { deadline: DeadlineKind; dueAt: Date }[] = [];
  if (d.respondBy && AWAITING_RESPONSE_STATUSES.includes(status))
    checks.push({ deadline: 'respond', dueAt: d.respondBy });
  if (d.resolveBy && PENDING_STATUSES.includes(status))
    checks.push({ deadline: 'resolve', dueAt: d.resolveBy });
  return checks;
}

/** A list of statuses as an SQL literal list, `('open','in_progress')`, for queries built from the constants. */
export function sqlStatusList(statuses: readonly CaseStatus[]): string {
  return `(${statuses.map((s) => `'${s}'`).join(',')})`;
}
