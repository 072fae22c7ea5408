import type { CaseAction, CaseStatus, Role } from '../case/case.types';
import { refuse, Refusal } from '../shared/result';

/**
 * 共性问题: many enterprises' cases that are one problem, grouped so the bureau handles it once.
 * Who may group, which cases may join, and which actions can be taken on the whole group.
 */

export const COMMON_PROBLEM_ERROR_CODES = [
  'COMMON_PROBLEM.CANNOT_GROUP',
  'COMMON_PROBLEM.CASE_OUTSIDE_UNIT',
  'COMMON_PROBLEM.CASE_FINISHED',
  'COMMON_PROBLEM.CASE_IN_OTHER_GROUP',
  'COMMON_PROBLEM.CASE_ALREADY_MEMBER',
  'COMMON_PROBLEM.TOO_FEW',
  'COMMON_PROBLEM.TOO_MANY',
  'COMMON_PROBLEM.ACTION_NOT_FOR_GROUP',
  'COMMON_PROBLEM.MEMBERS_REFUSED',
  'COMMON_PROBLEM.NO_OPEN_MEMBERS',
] as const;
export type CommonProblemErrorCode = (typeof COMMON_PROBLEM_ERROR_CODES)[number];

/** A group is made of at least two cases, at most this many. */
export const MIN_GROUP_MEMBERS = 2;
export const MAX_GROUP_MEMBERS = 200;

/** The actions a group takes once for all its members (the rest are an enterprise's or one case's own). */
export const GROUP_ACTIONS = [
  'assign',
  'escalate',
  'resolve',
  'comment',
  'urge',
] as const satisfies readonly CaseAction[];
export type GroupAction = (typeof GROUP_ACTIONS)[number];

/** Statuses in which a case can no longer join a group. */
export const FINISHED_STATUSES: readonly CaseStatus[] = ['closed', 'cancelled'];

export interface GroupingActor {
  role: Role;
  unitId: string | null;
}

/** The part of a case the grouping rules read. */
export interface MemberCandidate {
  id: string;
  status: CaseStatus;
  /** The unit holding the case now. */
  unitId: string;
  townId: string;
  /** The group the case is in now, if any. */
  groupId: string | null;
}

/** The part of a group the rules read: the unit it belongs to (its maker's, null for an admin's), and the units holding its members now. */
export interface GroupOwner {
  unitId: string | null;
  holderUnitIds: readonly string[];
}

export interface MemberRefusal extends Refusal<CommonProblemErrorCode> {
  caseId: string;
}

/** Town coordinators, bureau officers and admins group cases; instructors and managers do not. */
export function mayGroup(actor: GroupingActor): boolean {
  return (
    actor.role === 'admin' ||
    ((actor.role === 'coordinator' || actor.role === 'bureau_officer') && !!actor.unitId)
  );
}

/**
 * Is this case within what the actor groups? A coordinator: the cases of his town (wherever they are now).
 * A bureau officer: the cases his bureau holds now. An admin: any.
 */
export function caseWithinActorUnit(
  actor: GroupingActor,
  c: Pick<MemberCandidate, 'unitId' | 'townId'>,
): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'coordinator':
      return !!actor.unitId && c.townId === actor.unitId;
    case 'bureau_officer':
      return !!actor.unitId && c.unitId === actor.unitId;
    default:
      return false;
  }
}

/**
 * May the actor change this group (members, actions)? Admins; the coordinators or officers of its unit, or of
 * a unit holding one of its members now (a town's group escalated at once is the bureau's to resolve at once).
 */
export function mayManageGroup(actor: GroupingActor, group: GroupOwner): boolean {
  if (actor.role === 'admin') return true;
  return (
    mayGroup(actor) && (group.unitId === actor.unitId || group.holderUnitIds.includes(actor.unitId as string))
  );
}

/**
 * May the actor take this action on the whole group? Comment and urge: anyone who sees the group (a manager
 * urges all its cases at once; each case's own rules still decide). The others: who may change the group.
 */
export function mayActOnGroup(actor: GroupingActor, group: GroupOwner, action: GroupAction): boolean {
  if (action === 'comment' || action === 'urge') return true;
  return mayManageGroup(actor, group);
}

/** The unit a new group belongs to. */
export function groupUnitFor(actor: GroupingActor): string | null {
  return actor.role === 'admin' ? null : actor.unitId;
}

/**
 * Why each of these cases may not join the group `groupId` (null: a group being made), empty when all may.
 * Every case is checked, so the answer names every refused case at once.
 */
export function memberRefusals(
  actor: GroupingActor,
  groupId: string | null,
  cases: readonly MemberCandidate[],
): MemberRefusal[] {
  const out: MemberRefusal[] = [];
  const no = (caseId: string, code: CommonProblemErrorCode, message: string) =>
    out.push({ ...refuse(code, message), caseId });
  for (const c of cases) {
    if (!caseWithinActorUnit(actor, c)) {
      no(c.id, 'COMMON_PROBLEM.CASE_OUTSIDE_UNIT', 'the case is not within your unit');
    } else if (FINISHED_STATUSES.includes(c.status)) {
      no(c.id, 'COMMON_PROBLEM.CASE_FINISHED', `a ${c.status} case cannot join a common problem`);
    } else if (groupId !== null && c.groupId === groupId) {
      no(c.id, 'COMMON_PROBLEM.CASE_ALREADY_MEMBER', 'the case is already in this common problem');
    } else if (c.groupId !== null) {
      no(c.id, 'COMMON_PROBLEM.CASE_IN_OTHER_GROUP', 'the case is already in another common problem');
    }
  }
  return out;
}

/** How many members a group may have after a change: a refusal, or null. */
export function memberCountRefusal(count: number): Refusal<CommonProblemErrorCode> | null {
  if (count < MIN_GROUP_MEMBERS)
    return refuse(
      'COMMON_PROBLEM.TOO_FEW',
      `a common problem groups at least ${MIN_GROUP_MEMBERS} cases`,
      'caseIds',
    );
  if (count > MAX_GROUP_MEMBERS)
    return refuse(
      'COMMON_PROBLEM.TOO_MANY',
      `a common problem groups at most ${MAX_GROUP_MEMBERS} cases`,
      'caseIds',
    );
  return null;
}

/** Can this action be taken on a whole group? */
export function groupActionRefusal(action: CaseAction): Refusal<CommonProblemErrorCode> | null {
  return (GROUP_ACTIONS as readonly string[]).includes(action)
    ? null
    : refuse(
        'COMMON_PROBLEM.ACTION_NOT_FOR_GROUP',
        `"${action}" is taken on each case; a common problem takes ${GROUP_ACTIONS.join(', ')}`,
        'action',
      );
}

/** How many enterprises the members belong to. */
export function enterpriseCount(members: readonly { enterpriseId: string }[]): number {
  return new Set(members.map((m) => m.enterpriseId)).size;
}
