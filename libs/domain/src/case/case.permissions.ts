import {
  Actor,
  ActorRole,
  CASE_STATUSES,
  CaseAction,
  CaseSnapshot,
  CaseStatus,
  PENDING_STATUSES,
  TOP_LEVEL,
} from './case.types';

/**
 * Who may take which action, in which states. One row per action; `may` reads the actor's relation to
 * the case. Rows are checked in the order: role → state → relation (see `decide`).
 */
export interface ActionRule {
  states: readonly CaseStatus[];
  roles: readonly ActorRole[];
  /** Given a role from `roles`, does this actor stand in the right relation to this case? */
  may: (actor: Actor, snapshot: CaseSnapshot) => boolean;
}

const ACTIVE: readonly CaseStatus[] = PENDING_STATUSES;
const ALL: readonly CaseStatus[] = CASE_STATUSES;

/** The town's service team at level 0, or the bureau holding the case at level 1–2. */
function handlesCase(actor: Actor, c: CaseSnapshot): boolean {
  if (actor.role === 'admin') return true;
  if (!actor.relation.inCurrentUnit) return false;
  return c.level === 0 ? actor.role === 'coordinator' : actor.role === 'bureau_officer';
}

/** The enterprise itself (through its link: the caller checked it is this case's), or staff on its behalf. */
function speaksForEnterprise(actor: Actor): boolean {
  return (
    actor.role === 'enterprise' ||
    actor.role === 'admin' ||
    actor.relation.isEnterpriseInstructor ||
    actor.relation.isOpener
  );
}

function sees(actor: Actor): boolean {
  const r = actor.relation;
  return (
    actor.role === 'admin' ||
    r.inCurrentUnit ||
    r.isAssignee ||
    r.isEnterpriseInstructor ||
    r.isOpener ||
    r.isManagerAbove
  );
}

/**
 * Follow-through (issue 14): a case the town escalated is still the town's to answer for, so its
 * coordinators and the enterprise's instructors may comment on it and urge (督办) the bureau.
 */
function followsEscalated(actor: Actor, c: CaseSnapshot): boolean {
  if (c.level === 0) return false;
  if (actor.role === 'coordinator') return !!actor.relation.inCaseTown;
  if (actor.role === 'instructor') return actor.relation.isEnterpriseInstructor;
  return false;
}

/**
 * An extension is decided by the unit right above the holder in the unit tree: for a town case the managers
 * of the town's county, for a bureau's case the managers of the unit the bureau belongs to (its county or
 * city). An admin may too.
 */
function decidesExtension(actor: Actor): boolean {
  return actor.role === 'admin' || !!actor.relation.managesUnitAbove;
}

export const ACTION_RULES: Record<CaseAction, ActionRule> = {
  assign: { states: ACTIVE, roles: ['coordinator', 'bureau_officer', 'admin'], may: handlesCase },
  accept: {
    states: ['escalated'],
    roles: ['bureau_officer', 'admin'],
    may: (a, c) => c.level > 0 && handlesCase(a, c),
  },
  escalate: {
    states: ACTIVE,
    roles: ['coordinator', 'bureau_officer', 'admin', 'system'],
    may: (a, c) => a.role === 'system' || handlesCase(a, c),
  },
  return: {
    states: ['escalated', 'in_progress'],
    roles: ['bureau_officer', 'admin'],
    may: (a, c) => c.level > 0 && handlesCase(a, c),
  },
  resolve: {
    states: ['in_progress'],
    roles: ['coordinator', 'bureau_officer', 'admin'],
    may: (a, c) => handlesCase(a, c) || (a.relation.isAssignee && a.relation.inCurrentUnit),
  },
  confirm: {
    states: ['resolved'],
    roles: ['instructor', 'coordinator', 'admin', 'enterprise'],
    may: speaksForEnterprise,
  },
  reopen: {
    states: ['resolved'],
    roles: ['instructor', 'coordinator', 'admin', 'enterprise'],
    may: speaksForEnterprise,
  },
  comment: {
    states: ALL,
    roles: ['instructor', 'coordinator', 'bureau_officer', 'manager', 'admin', 'system'],
    may: (a, c) => a.role === 'system' || sees(a) || followsEscalated(a, c),
  },
  urge: {
    states: ACTIVE,
    roles: ['manager', 'admin', 'coordinator', 'instructor'],
    may: (a, c) =>
      a.role === 'admin' || (a.role === 'manager' && a.relation.isManagerAbove) || followsEscalated(a, c),
  },
  cancel: {
    states: ['open'],
    roles: ['instructor', 'coordinator', 'admin'],
    may: (a, c) => (c.level === 0 && handlesCase(a, c)) || speaksForEnterprise(a),
  },
  request_extension: {
    states: ACTIVE,
    roles: ['coordinator', 'bureau_officer', 'admin'],
    may: (a, c) => handlesCase(a, c) || (a.relation.isAssignee && a.relation.inCurrentUnit),
  },
  approve_extension: { states: ACTIVE, roles: ['manager', 'admin'], may: decidesExtension },
  deny_extension: { states: ACTIVE, roles: ['manager', 'admin'], may: decidesExtension },
};

/** The actions this actor may take on this case now (what the admin app shows as buttons). */
export function allowedActions(snapshot: CaseSnapshot, actor: Actor): CaseAction[] {
  return (Object.keys(ACTION_RULES) as CaseAction[]).filter((action) => {
    const rule = ACTION_RULES[action];
    if (!rule.roles.includes(actor.role) || !rule.states.includes(snapshot.status)) return false;
    if (!rule.may(actor, snapshot)) return false;
    if (action === 'escalate' && snapshot.level >= TOP_LEVEL) return false;
    if (action === 'return' && snapshot.returnUnitIds.length === 0) return false;
    if (
      action === 'request_extension' &&
      (snapshot.extensionUntil || (snapshot.extendedLevels ?? []).includes(snapshot.level))
    )
      return false;
    if ((action === 'approve_extension' || action === 'deny_extension') && !snapshot.extensionUntil)
      return false;
    return true;
  });
}
