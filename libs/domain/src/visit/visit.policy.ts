import type { Role } from '../case/case.types';
import { Result, refuse } from '../shared/result';

/**
 * Visits (走访): an instructor's record of a visit to one of his enterprises, which may update the
 * enterprise's resumption figures. Who may record one, and what a visit may say, decided here (no I/O; the
 * clock is an argument).
 */
export const VISIT_RESUMPTION_STATUSES = ['not_resumed', 'resumed', 'full_capacity'] as const;
export type VisitResumption = (typeof VISIT_RESUMPTION_STATUSES)[number];

export type VisitErrorCode = 'VISIT.NOT_ALLOWED' | 'VISIT.INVALID';

/** A visit may be recorded up to this long after it happened (older ones are typos or back-filling). */
export const VISIT_MAX_AGE_DAYS = 90;
/** Clock skew tolerated between a phone and the server. */
export const VISIT_FUTURE_TOLERANCE_MS = 5 * 60_000;
export const VISIT_NOTE_MAX = 2000;
export const VISIT_PROBLEMS_MAX = 100;

/** How the actor stands to the enterprise. */
export interface VisitActor {
  role: Role;
  /** one of the enterprise's assigned instructors */
  isEnterpriseInstructor: boolean;
  /** a coordinator of the enterprise's town (the town's service team visits too) */
  coordinatesEnterpriseTown: boolean;
}

/**
 * Who records visits: the enterprise's own instructors, and the coordinators of its town (专班 members who
 * visit with or instead of the instructor). Managers, bureau officers and admins read visits but record none:
 * a visit is a first-hand record of someone who was there.
 */
export function mayRecordVisit(actor: VisitActor): Result<object, VisitErrorCode> {
  if (actor.role === 'instructor' && actor.isEnterpriseInstructor) return { ok: true };
  if (actor.role === 'coordinator' && actor.coordinatesEnterpriseTown) return { ok: true };
  if (actor.role === 'instructor') {
    return refuse('VISIT.NOT_ALLOWED', 'Only the enterprise’s own instructors record visits to it');
  }
  if (actor.role === 'coordinator') {
    return refuse('VISIT.NOT_ALLOWED', 'Coordinators record visits only to enterprises of their own town');
  }
  return refuse('VISIT.NOT_ALLOWED', 'Only instructors and town coordinators record visits');
}

export interface VisitInput {
  visitedAt: Date;
  note: string;
  resumption?: VisitResumption;
  returnedHeadcount?: number;
  problemsRaised?: number;
}

export interface EnterpriseFigures {
  resumption: VisitResumption;
  headcount: number;
  returnedHeadcount: number;
}

export interface CheckedVisit {
  visitedAt: Date;
  note: string;
  problemsRaised: number;
  /** the enterprise's figures after the visit; null when the visit changes none of them */
  figures: EnterpriseFigures | null;
}

/** Validate a visit against the enterprise's current figures, at `now`. */
export function checkVisit(
  input: VisitInput,
  enterprise: EnterpriseFigures,
  now: Date,
): Result<{ visit: CheckedVisit }, VisitErrorCode> {
  const bad = (field: string, why: string) =>
    refuse<VisitErrorCode>('VISIT.INVALID', `${field} ${why}`, field);
  const at = input.visitedAt.getTime();
  if (Number.isNaN(at)) return bad('visitedAt', 'must be a date and time');
  if (at > now.getTime() + VISIT_FUTURE_TOLERANCE_MS) return bad('visitedAt', 'must not be in the future');
  if (at < now.getTime() - VISIT_MAX_AGE_DAYS * 86_400_000) {
    return bad('visitedAt', `must be within the last ${VISIT_MAX_AGE_DAYS} days`);
  }
  const note = input.note.trim();
  if (!note) return bad('note', 'must say what was found (not empty)');
  if (note.length > VISIT_NOTE_MAX) return bad('note', `must have at most ${VISIT_NOTE_MAX} characters`);
  const problems = input.problemsRaised ?? 0;
  if (!Number.isInteger(problems) || problems < 0 || problems > VISIT_PROBLEMS_MAX) {
    return bad('problemsRaised', `must be a whole number from 0 to ${VISIT_PROBLEMS_MAX}`);
  }
  if (input.resumption !== undefined && !VISIT_RESUMPTION_STATUSES.includes(input.resumption)) {
    return bad('resumption', `must be one of ${VISIT_RESUMPTION_STATUSES.join(', ')}`);
  }
  const returned = input.returnedHeadcount;
  if (returned !== undefined) {
    if (!Number.isInteger(returned) || returned < 0)
      return bad('returnedHeadcount', 'must be a whole number ≥ 0');
    if (returned > enterprise.headcount) {
      return bad(
        'returnedHeadcount',
        `cannot be larger than the enterprise's headcount (${enterprise.headcount})`,
      );
    }
  }
  const next: EnterpriseFigures = {
    resumption: input.resumption ?? enterprise.resumption,
    headcount: enterprise.headcount,
    returnedHeadcount: returned ?? enterprise.returnedHeadcount,
  };
  const changed =
    next.resumption !== enterprise.resumption || next.returnedHeadcount !== enterprise.returnedHeadcount;
  return {
    ok: true,
    visit: { visitedAt: input.visitedAt, note, problemsRaised: problems, figures: changed ? next : null },
  };
}

/** Visited within the last `days` days of `now` (the dashboard's 7- and 30-day windows). */
export function visitedWithin(lastVisitAt: Date | null, days: number, now: Date): boolean {
  return lastVisitAt !== null && lastVisitAt.getTime() > now.getTime() - days * 86_400_000;
}
