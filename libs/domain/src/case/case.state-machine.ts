import { Result, refuse } from '../shared/result';
import { ACTION_RULES } from './case.permissions';
import { CASE_STATUS_ZH } from './case.labels';
import {
  AWAITING_RESPONSE_STATUSES,
  PENDING_STATUSES,
  Actor,
  CaseCommand,
  CaseErrorCode,
  CaseEventDraft,
  CaseLevel,
  CaseSnapshot,
  CaseStatus,
  RATING_MAX,
  RATING_MIN,
  SATISFIED_RATING,
  TOP_LEVEL,
} from './case.types';

export type Decision = Result<{ next: CaseSnapshot; event: CaseEventDraft }, CaseErrorCode>;

const STATUS_ZH = CASE_STATUS_ZH;

function text(value: string | null | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

function isRating(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= RATING_MIN && (value as number) <= RATING_MAX;
}

function badRating() {
  return refuse<CaseErrorCode>(
    'CASE.FIELD_REQUIRED',
    `rating must be an integer from ${RATING_MIN} to ${RATING_MAX} (the enterprise's rating of the handling)`,
    'rating',
  );
}

function required(field: string, what: string) {
  return refuse<CaseErrorCode>('CASE.FIELD_REQUIRED', `${field} is required: ${what}`, field);
}

/**
 * What a case holds before anyone worked on it: every field of a snapshot but its status, level and unit
 * (a new object each time). The first event of a case starts from it.
 */
export function untouchedCase(): Omit<CaseSnapshot, 'status' | 'level' | 'unitId'> {
  return {
    assigneeId: null,
    returnUnitIds: [],
    resolution: null,
    satisfied: null,
    rating: null,
    ratingComment: null,
    confirmedBy: null,
    overdue: false,
    resolvedAt: null,
    closedAt: null,
    missedDeadline: null,
    returnedFromUnitId: null,
    extensionUntil: null,
    extendedLevels: [],
  };
}

/**
 * Apply one event to a case: the only place that says how an event changes the case row.
 * `decide` uses it to compute the next state, and folding a case's events with it rebuilds the row.
 */
export function applyEvent(
  prev: CaseSnapshot | null,
  event: Pick<CaseEventDraft, 'type' | 'toStatus' | 'toUnitId' | 'payload'>,
  at: string,
): CaseSnapshot {
  const base: CaseSnapshot = prev ?? { status: 'open', level: 0, unitId: event.toUnitId, ...untouchedCase() };
  const p = event.payload;
  const next: CaseSnapshot = {
    ...base,
    returnUnitIds: [...base.returnUnitIds],
    status: event.toStatus,
    unitId: event.toUnitId,
  };
  if (p.level !== undefined) next.level = p.level;
  if (p.assigneeId !== undefined) next.assigneeId = p.assigneeId;
  if (p.returnUnitIds !== undefined) next.returnUnitIds = [...p.returnUnitIds];
  if (p.resolution !== undefined) next.resolution = p.resolution;
  if (p.satisfied !== undefined) next.satisfied = p.satisfied;
  if (p.rating !== undefined) next.rating = p.rating;
  if (p.ratingComment !== undefined) next.ratingComment = p.ratingComment;
  if (p.confirmedBy !== undefined) next.confirmedBy = p.confirmedBy;
  if (p.overdue !== undefined) next.overdue = p.overdue;
  if (event.toStatus === 'resolved' && base.status !== 'resolved') next.resolvedAt = at;
  if (event.toStatus === 'closed' && base.status !== 'closed') next.closedAt = at;
  if (event.type === 'reopen') next.resolvedAt = null;
  // issue 14: which deadline was missed, who returned the case, extension requests
  next.missedDeadline = base.missedDeadline ?? null;
  next.returnedFromUnitId = base.returnedFromUnitId ?? null;
  next.extensionUntil = base.extensionUntil ?? null;
  next.extendedLevels = [...(base.extendedLevels ?? [])];
  if (event.type === 'overdue' && (p.deadline === 'respond' || p.deadline === 'resolve'))
    next.missedDeadline = p.deadline;
  if (p.overdue === false) next.missedDeadline = null;
  if (event.type === 'return') next.returnedFromUnitId = base.unitId;
  else if (event.type === 'escalate') next.returnedFromUnitId = null;
  if (p.extensionUntil !== undefined) next.extensionUntil = p.extensionUntil as string | null;
  if (p.extendedLevels !== undefined) next.extendedLevels = [...(p.extendedLevels as number[])];
  // a pending request lapses when the case moves to another unit or stops being pending
  if (next.unitId !== base.unitId || !PENDING_STATUSES.includes(next.status)) next.extensionUntil = null;
  return next;
}

/** Fold a case's events, oldest first, into the case row they imply. */
export function foldEvents(
  events: ReadonlyArray<Pick<CaseEventDraft, 'type' | 'toStatus' | 'toUnitId' | 'payload'> & { at: string }>,
): CaseSnapshot | null {
  return events.reduce<CaseSnapshot | null>((acc, e) => applyEvent(acc, e, e.at), null);
}

/** The first event of every case. */
export function openEvent(unitId: string, reason: string | null = null): CaseEventDraft {
  return {
    type: 'open',
    fromStatus: null,
    toStatus: 'open',
    fromUnitId: null,
    toUnitId: unitId,
    reason,
    payload: { level: 0, assigneeId: null, returnUnitIds: [], overdue: false },
  };
}

/**
 * The case lifecycle. Given the case as it is, who asks and what they ask, answer with the next case and
 * the one event to append, or a refusal with a stable code. No I/O; `now` is the clock.
 */
export function decide(snapshot: CaseSnapshot, actor: Actor, command: CaseCommand, now: Date): Decision {
  const rule = ACTION_RULES[command.action];
  if (!rule.roles.includes(actor.role)) {
    return refuse('CASE.NOT_IN_JURISDICTION', `A ${actor.role} may not ${command.action} a case`);
  }
  if (!rule.states.includes(snapshot.status)) {
    return refuse(
      'CASE.NOT_ALLOWED_IN_STATE',
      `Cannot ${command.action} a case that is ${snapshot.status} (${STATUS_ZH[snapshot.status]})`,
    );
  }
  if (!rule.may(actor, snapshot)) {
    return refuse('CASE.NOT_IN_JURISDICTION', `This case is not yours to ${command.action}`);
  }

  const draft = (
    toStatus: CaseStatus,
    payload: CaseEventDraft['payload'],
    reason: string | null,
    toUnitId = snapshot.unitId,
  ): CaseEventDraft => ({
    type: command.action,
    fromStatus: snapshot.status,
    toStatus,
    fromUnitId: snapshot.unitId,
    toUnitId,
    reason,
    payload,
  });

  let event: CaseEventDraft;
  switch (command.action) {
    case 'request_extension': {
      const reason = text(command.reason);
      if (!reason) return required('reason', 'why more time is needed');
      if (!command.until || Number.isNaN(command.until.getTime()))
        return required('until', 'the new resolve-by asked for');
      if (snapshot.extensionUntil) {
        return refuse('CASE.EXTENSION_PENDING', 'An extension request is already waiting for a decision');
      }
      if ((snapshot.extendedLevels ?? []).includes(snapshot.level)) {
        return refuse('CASE.EXTENSION_LIMIT', 'This level has already had its one extension');
      }
      const floor = command.resolveBy && command.resolveBy > now ? command.resolveBy : now;
      if (command.until.getTime() <= floor.getTime()) {
        return refuse(
          'CASE.EXTENSION_INVALID',
          'until must be later than the current resolve-by (and than now)',
          'until',
        );
      }
      if (command.latest && command.until.getTime() > command.latest.getTime()) {
        return refuse(
          'CASE.EXTENSION_LIMIT',
          `until is beyond what the deadline policy allows (at most ${command.latest.toISOString()})`,
          'until',
        );
      }
      event = draft(snapshot.status, { extensionUntil: command.until.toISOString() }, reason);
      break;
    }
    case 'approve_extension': {
      if (!snapshot.extensionUntil)
        return refuse('CASE.NO_EXTENSION_PENDING', 'No extension request is waiting');
      event = draft(
        snapshot.status,
        {
          extensionUntil: null,
          extendedLevels: [...(snapshot.extendedLevels ?? []), snapshot.level],
          resolveBy: snapshot.extensionUntil,
        },
        text(command.reason),
      );
      break;
    }
    case 'deny_extension': {
      if (!snapshot.extensionUntil)
        return refuse('CASE.NO_EXTENSION_PENDING', 'No extension request is waiting');
      const reason = text(command.reason);
      if (!reason) return required('reason', 'why the extension is denied');
      event = draft(snapshot.status, { extensionUntil: null }, reason);
      break;
    }
    case 'assign': {
      if (!command.assigneeId) return required('assigneeId', 'who is to handle the case');
      if (!command.assigneeInCurrentUnit) {
        return refuse(
          'CASE.ASSIGNEE_NOT_IN_UNIT',
          'assigneeId must be a user of the unit that holds the case',
          'assigneeId',
        );
      }
      event = draft('in_progress', { assigneeId: command.assigneeId }, text(command.reason));
      break;
    }
    case 'accept':
      event = draft('in_progress', { assigneeId: actor.id }, text(command.reason));
      break;
    case 'escalate': {
      const reason = text(command.reason);
      if (!reason) return required('reason', 'why the unit cannot solve the case');
      if (snapshot.level >= TOP_LEVEL) {
        return refuse('CASE.TOP_LEVEL', 'The case is already with a city bureau, the top level');
      }
      if (!command.target || command.target.level !== snapshot.level + 1) {
        return refuse('CASE.NO_ROUTE', 'No routing rule names a bureau for this category at the next level');
      }
      event = draft(
        'escalated',
        {
          level: command.target.level,
          assigneeId: null,
          returnUnitIds: [...snapshot.returnUnitIds, snapshot.unitId],
          overdue: false,
        },
        reason,
        command.target.unitId,
      );
      break;
    }
    case 'return': {
      const reason = text(command.reason);
      if (!reason) return required('reason', 'why the case is not for this bureau');
      const back = snapshot.returnUnitIds[snapshot.returnUnitIds.length - 1];
      if (!back)
        return refuse(
          'CASE.NOTHING_TO_RETURN',
          'The case was not escalated: there is no unit to return it to',
        );
      const level = (snapshot.level - 1) as CaseLevel;
      event = draft(
        level === 0 ? 'open' : 'escalated',
        { level, assigneeId: null, returnUnitIds: snapshot.returnUnitIds.slice(0, -1), overdue: false },
        reason,
        back,
      );
      break;
    }
    case 'resolve': {
      const resolution = text(command.resolution);
      if (!resolution) return required('resolution', 'how the problem was solved');
      event = draft('resolved', { resolution }, null);
      break;
    }
    case 'confirm': {
      if (command.rating == null) {
        return required('rating', `the enterprise's rating of the handling, ${RATING_MIN} to ${RATING_MAX}`);
      }
      if (!isRating(command.rating)) return badRating();
      const comment = text(command.comment);
      // `satisfied` is derived (rating ≥ 4) and still written, for readers of the old yes/no figure.
      event = draft(
        'closed',
        {
          satisfied: command.rating >= SATISFIED_RATING,
          rating: command.rating,
          ratingComment: comment,
          confirmedBy: actor.role === 'enterprise' ? 'enterprise' : 'staff',
          comment,
        },
        null,
      );
      break;
    }
    case 'reopen': {
      const reason = text(command.reason);
      if (!reason) return required('reason', 'why the enterprise is not satisfied');
      if (command.rating != null && !isRating(command.rating)) return badRating();
      // The refusal is the enterprise's latest verdict: its rating (if it gave one) replaces any earlier one.
      event = draft(
        'in_progress',
        {
          satisfied: false,
          overdue: false,
          rating: command.rating ?? null,
          ratingComment: reason,
          confirmedBy: actor.role === 'enterprise' ? 'enterprise' : 'staff',
        },
        reason,
      );
      break;
    }
    case 'comment': {
      const comment = text(command.comment);
      if (!comment) return required('comment', 'the text of the comment');
      event = draft(snapshot.status, { comment }, null);
      break;
    }
    case 'urge':
      event = draft(snapshot.status, {}, text(command.reason));
      break;
    case 'cancel': {
      const reason = text(command.reason);
      if (!reason) return required('reason', 'why the case is cancelled (duplicate, withdrawn …)');
      event = draft('cancelled', {}, reason);
      break;
    }
  }
  return { ok: true, next: applyEvent(snapshot, event, now.toISOString()), event };
}

/**
 * A deadline has passed. Returns the `overdue` event to append, or null when the deadline no longer
 * applies (the case moved on) or the case is already marked: so a re-run job changes nothing.
 */
export function markOverdue(snapshot: CaseSnapshot, deadline: 'respond' | 'resolve'): CaseEventDraft | null {
  if (snapshot.overdue) return null;
  const stillApplies =
    deadline === 'respond'
      ? AWAITING_RESPONSE_STATUSES.includes(snapshot.status)
      : PENDING_STATUSES.includes(snapshot.status);
  if (!stillApplies) return null;
  return {
    type: 'overdue',
    fromStatus: snapshot.status,
    toStatus: snapshot.status,
    fromUnitId: snapshot.unitId,
    toUnitId: snapshot.unitId,
    reason: deadline === 'respond' ? '首次响应超时 (respond-by passed)' : '办结超时 (resolve-by passed)',
    payload: { overdue: true, deadline },
  };
}
