import type { DeadlineKind } from '../case/case.types';

/**
 * Who hears about what (the recipients are chosen in SQL by `notifyMany` in libs/db, by these rules):
 * - `assigned`: the new assignee.
 * - `escalated_to_unit`: the officers of the bureau the case arrived at, and the managers of the county/city
 *   that bureau serves.
 * - `deadline_missed`: the assignee, the coordinators/officers of the unit holding the case, and the managers
 *   of that unit and of the unit above it (a town's county; a bureau's county/city).
 * - `urged`: the assignee, or when nobody is assigned the coordinators/officers of the unit holding the case.
 * - `reopened`: the assignee and the coordinators/officers of the unit holding the case.
 * Nobody is told about his own action, and inactive users are told nothing.
 */
export const NOTIFICATION_KINDS = [
  'assigned',
  'escalated_to_unit',
  'deadline_missed',
  'urged',
  'reopened',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationSubject {
  ledgerNo: string;
  title: string;
  /** The unit holding the case after the change. */
  unitName: string;
  /** null: the system did it (automatic escalation, deadline check). */
  bySystem: boolean;
  deadline?: DeadlineKind;
}

const MAX_TITLE = 30;

function short(title: string): string {
  const t = title.trim();
  return t.length > MAX_TITLE ? `${t.slice(0, MAX_TITLE - 1)}…` : t;
}

/** The one-line Chinese title of a notification. */
export function notificationTitle(kind: NotificationKind, s: NotificationSubject): string {
  const c = `${s.ledgerNo}「${short(s.title)}」`;
  switch (kind) {
    case 'assigned':
      return `${c}已分派给您办理`;
    case 'escalated_to_unit':
      return s.bySystem
        ? `${c}乡镇办结超时，已自动上报至${s.unitName}，请及时受理`
        : `${c}已上报至${s.unitName}，请及时受理`;
    case 'deadline_missed':
      return `${c}已超过${s.deadline === 'respond' ? '首次响应' : '办结'}时限（${s.unitName}）`;
    case 'urged':
      return `${c}被督办，请加快办理`;
    case 'reopened':
      return `${c}企业不满意，已重新办理`;
  }
}

/** The notification an event causes, if any (`accept`, `comment`, `return` … tell nobody). */
export function notificationKindFor(eventType: string): NotificationKind | null {
  switch (eventType) {
    case 'assign':
      return 'assigned';
    case 'escalate':
      return 'escalated_to_unit';
    case 'overdue':
      return 'deadline_missed';
    case 'urge':
      return 'urged';
    case 'reopen':
      return 'reopened';
    default:
      return null;
  }
}
