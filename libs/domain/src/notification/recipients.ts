import type { Role } from '../case/case.types';
import type { NotificationKind } from './notification';

/**
 * One group of people a notification goes to, relative to the case as it is right after the change:
 * - `assignee`: the case's assignee;
 * - `holderStaff`: the coordinators (town) and officers (bureau) of the unit holding the case;
 * - `holderStaffIfUnassigned`: the same, only when nobody is assigned;
 * - `role` at `holder` / `parent`: users of that role in the holding unit / the unit above it;
 * - `enterpriseInstructors`: the instructors of the case's enterprise (who asked);
 * - `extensionRequester`: who made the case's latest extension request.
 */
export type RecipientRule =
  | { who: 'assignee' }
  | { who: 'holderStaff' }
  | { who: 'holderStaffIfUnassigned' }
  | { who: 'role'; role: Role; at: 'holder' | 'parent' }
  | { who: 'enterpriseInstructors' }
  | { who: 'extensionRequester' };

const ASSIGNEE: RecipientRule = { who: 'assignee' };
const HOLDER_STAFF: RecipientRule = { who: 'holderStaff' };
/** The holder's leaders: the managers of the holding unit and of the unit above it (a town's county; a bureau's county/city). */
const LEADERS: RecipientRule[] = [
  { who: 'role', role: 'manager', at: 'holder' },
  { who: 'role', role: 'manager', at: 'parent' },
];

/** Who hears about what. A user is told once per notification, whatever the number of rules he matches. */
export const RECIPIENT_RULES: Record<NotificationKind, readonly RecipientRule[]> = {
  /** opened → the town's coordinators (who accept or assign it). */
  opened: [{ who: 'role', role: 'coordinator', at: 'holder' }],
  /** assigned → the new assignee. */
  assigned: [ASSIGNEE],
  /** escalated → the receiving bureau's officers, and the managers of the county/city that bureau serves. */
  escalated_to_unit: [
    { who: 'role', role: 'bureau_officer', at: 'holder' },
    { who: 'role', role: 'manager', at: 'parent' },
  ],
  /** returned → the unit it returns to (its coordinators/officers), and the assignee if any. */
  returned: [ASSIGNEE, HOLDER_STAFF],
  /** resolved → the enterprise's instructors, asking for 销号. */
  resolved: [{ who: 'enterpriseInstructors' }],
  /** reopened → the holder (assignee, coordinators/officers) and its leaders. */
  reopened: [ASSIGNEE, HOLDER_STAFF, ...LEADERS],
  /** urged → the assignee, or when nobody is assigned the coordinators/officers; and their leaders. */
  urged: [ASSIGNEE, { who: 'holderStaffIfUnassigned' }, ...LEADERS],
  /** deadline near → the holder and its leaders. */
  deadline_near: [ASSIGNEE, HOLDER_STAFF, ...LEADERS],
  /** deadline missed → the holder and its leaders. */
  deadline_missed: [ASSIGNEE, HOLDER_STAFF, ...LEADERS],
  /** extension requested → the managers of the unit above the holder (who may approve or deny it). */
  extension_requested: [{ who: 'role', role: 'manager', at: 'parent' }],
  /** extension approved or denied → who asked for it. */
  extension_approved: [{ who: 'extensionRequester' }],
  extension_denied: [{ who: 'extensionRequester' }],
};

/** What the rules look at: one user … */
export interface RecipientCandidate {
  id: string;
  role: Role | 'system';
  unitId: string | null;
  active: boolean;
}

/** … and the case right after the change. */
export interface RecipientCase {
  unitId: string;
  parentUnitId: string | null;
  assigneeId: string | null;
  enterpriseInstructorIds: readonly string[];
  /** Who made the latest extension request (null or absent: none). */
  extensionRequesterId?: string | null;
}

const STAFF_ROLES: readonly string[] = ['coordinator', 'bureau_officer'];

export function matchesRule(rule: RecipientRule, u: RecipientCandidate, c: RecipientCase): boolean {
  switch (rule.who) {
    case 'assignee':
      return c.assigneeId !== null && u.id === c.assigneeId;
    case 'holderStaff':
      return STAFF_ROLES.includes(u.role) && u.unitId === c.unitId;
    case 'holderStaffIfUnassigned':
      return c.assigneeId === null && STAFF_ROLES.includes(u.role) && u.unitId === c.unitId;
    case 'role':
      return (
        u.role === rule.role &&
        u.unitId !== null &&
        u.unitId === (rule.at === 'holder' ? c.unitId : c.parentUnitId)
      );
    case 'enterpriseInstructors':
      return u.role === 'instructor' && c.enterpriseInstructorIds.includes(u.id);
    case 'extensionRequester':
      return !!c.extensionRequesterId && u.id === c.extensionRequesterId;
  }
}

/**
 * The users told about a change of kind `kind` (in the order of `users`): active, not the actor, matching
 * one of the kind's rules. libs/db runs the same rules as SQL; this is their meaning, tested as a table.
 */
export function recipientsOf(
  kind: NotificationKind,
  c: RecipientCase,
  users: readonly RecipientCandidate[],
  actorId: string | null,
): string[] {
  return users
    .filter((u) => u.active && u.id !== actorId && RECIPIENT_RULES[kind].some((r) => matchesRule(r, u, c)))
    .map((u) => u.id);
}
