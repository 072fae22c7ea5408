export const CASE_STATUSES = ['open', 'in_progress', 'escalated', 'resolved', 'closed', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses counted as "pending" (still being worked) and "solved" on every dashboard. */
export const PENDING_STATUSES: readonly CaseStatus[] = ['open', 'in_progress', 'escalated'];
/** Pending statuses in which the case still awaits a first response (its respond-by applies). */
export const AWAITING_RESPONSE_STATUSES: readonly CaseStatus[] = ['open', 'escalated'];
export const SOLVED_STATUSES: readonly CaseStatus[] = ['resolved', 'closed'];

export const CASE_ACTIONS = [
  'assign',
  'accept',
  'escalate',
  'return',
  'resolve',
  'confirm',
  'reopen',
  'comment',
  'urge',
  'cancel',
  // issue 14: extension requests (延期申请); the scorecard counts `approve_extension` events
  'request_extension',
  'approve_extension',
  'deny_extension',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Event types: every action, plus what the system records on its own. */
export const CASE_EVENT_TYPES = [...CASE_ACTIONS, 'open', 'overdue'] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export const ROLES = ['instructor', 'coordinator', 'bureau_officer', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/**
 * `system` acts for the worker (automatic escalation, deadline marks). `enterprise` is the enterprise's contact
 * answering through a one-time confirmation link (no account; the caller checked the link). Neither is ever a
 * user's role.
 */
export type ActorRole = Role | 'system' | 'enterprise';

/** The satisfaction rating the enterprise gives on confirming or refusing (1 = very poor … 5 = very good). */
export const RATING_MIN = 1;
export const RATING_MAX = 5;
/** A rating this high or higher counts as "satisfied" (the old yes/no `satisfied`, kept for old readers). */
export const SATISFIED_RATING = 4;

/** Who gave the enterprise's verdict: its contact through the link, or staff on its behalf. */
export type ConfirmedBy = 'enterprise' | 'staff';

export const CASE_PRIORITIES = ['normal', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

/** 0 = town, 1 = county bureau, 2 = city bureau (the top). */
export type CaseLevel = 0 | 1 | 2;
export const TOP_LEVEL: CaseLevel = 2;

export type DeadlineKind = 'respond' | 'resolve';

/** The part of a case that the rules read and change: the projection of its events. */
export interface CaseSnapshot {
  status: CaseStatus;
  level: CaseLevel;
  unitId: string;
  assigneeId: string | null;
  /** Units the case was escalated from, innermost last: `return` pops it. */
  returnUnitIds: string[];
  resolution: string | null;
  satisfied: boolean | null;
  /** The enterprise's latest verdict: its 1–5 rating (on confirming, or on refusing if it gave one) and comment. */
  rating: number | null;
  ratingComment: string | null;
  /** Who gave that verdict (null: none yet). */
  confirmedBy: ConfirmedBy | null;
  overdue: boolean;
  resolvedAt: string | null;
  closedAt: string | null;
  /** Which deadline the `overdue` mark is for (null while not overdue). */
  missedDeadline?: DeadlineKind | null;
  /** The bureau that last returned the case (its town decides whether to escalate again); null otherwise. */
  returnedFromUnitId?: string | null;
  /** The new resolve-by asked for by a pending extension request (ISO), or null: at most one at a time. */
  extensionUntil?: string | null;
  /** The levels at which an extension was approved (at most one per level). */
  extendedLevels?: number[];
}

/** How the actor stands to this case, worked out by the caller from the unit tree. */
export interface ActorRelation {
  /** The actor belongs to the unit that holds the case now. */
  inCurrentUnit: boolean;
  /** The actor is the case's assignee. */
  isAssignee: boolean;
  /** The actor is an instructor of the case's enterprise. */
  isEnterpriseInstructor: boolean;
  /** The actor opened the case. */
  isOpener: boolean;
  /** The actor is a manager whose unit contains the case's enterprise or current unit. */
  isManagerAbove: boolean;
  /** The actor is a manager of the unit right above the holding unit (the parent in the unit tree). */
  managesUnitAbove?: boolean;
  /** The actor belongs to the case's town (its coordinators follow a case the town escalated). */
  inCaseTown?: boolean;
}

export interface Actor {
  id: string;
  role: ActorRole;
  relation: ActorRelation;
}

export const NO_RELATION: ActorRelation = {
  inCurrentUnit: false,
  isAssignee: false,
  isEnterpriseInstructor: false,
  isOpener: false,
  isManagerAbove: false,
};

export type CaseCommand =
  /** `assigneeInCurrentUnit`: the caller checked the assignee belongs to the case's current unit. */
  | { action: 'assign'; assigneeId?: string | null; assigneeInCurrentUnit?: boolean; reason?: string | null }
  | { action: 'accept'; reason?: string | null }
  /** `target`: the bureau the routing rules give for the next level, or null when none is configured. */
  | { action: 'escalate'; reason?: string | null; target?: { unitId: string; level: CaseLevel } | null }
  | { action: 'return'; reason?: string | null }
  | { action: 'resolve'; resolution?: string | null }
  /** `rating`: an integer 1–5, required (never pre-set). */
  | { action: 'confirm'; rating?: number | null; comment?: string | null }
  /** The enterprise refuses the resolution: `reason` required, `rating` optional (1–5 when given). */
  | { action: 'reopen'; reason?: string | null; rating?: number | null }
  | { action: 'comment'; comment?: string | null }
  | { action: 'urge'; reason?: string | null }
  | { action: 'cancel'; reason?: string | null }
  /**
   * `until`: the new resolve-by asked for; `resolveBy`: the case's current one; `latest`: the latest date the
   * policy allows (`latestExtension`), worked out by the caller from the policy and the calendar.
   */
  | {
      action: 'request_extension';
      reason?: string | null;
      until?: Date | null;
      resolveBy?: Date | null;
      latest?: Date | null;
    }
  | { action: 'approve_extension'; reason?: string | null }
  | { action: 'deny_extension'; reason?: string | null };

/** What the rules add to the audit ledger; the caller adds id, case id, actor and time. */
export interface CaseEventDraft {
  type: CaseEventType;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  fromUnitId: string | null;
  toUnitId: string;
  reason: string | null;
  /** The fields this event sets on the case, so that folding the events gives the case row. */
  payload: CaseEventPayload;
}

export interface CaseEventPayload {
  level?: CaseLevel;
  assigneeId?: string | null;
  returnUnitIds?: string[];
  resolution?: string | null;
  satisfied?: boolean | null;
  rating?: number | null;
  ratingComment?: string | null;
  confirmedBy?: ConfirmedBy | null;
  overdue?: boolean;
  deadline?: DeadlineKind;
  comment?: string | null;
  [key: string]: unknown;
}

export const CASE_ERROR_CODES = [
  'CASE.NOT_ALLOWED_IN_STATE',
  'CASE.NOT_IN_JURISDICTION',
  'CASE.FIELD_REQUIRED',
  'CASE.TOP_LEVEL',
  'CASE.NO_ROUTE',
  'CASE.ASSIGNEE_NOT_IN_UNIT',
  'CASE.NOTHING_TO_RETURN',
  'CASE.EXTENSION_PENDING',
  'CASE.EXTENSION_LIMIT',
  'CASE.NO_EXTENSION_PENDING',
  'CASE.EXTENSION_INVALID',
] as const;
export type CaseErrorCode = (typeof CASE_ERROR_CODES)[number];
