import type { DeadlineKind } from '../case/case.types';
import { shanghaiDate } from '../shared/shanghai-time';

/**
 * Every kind of notification: one for every step of a case, to whoever must act next or asked. Who hears
 * about each is the table `RECIPIENT_RULES` (recipients.ts); the SQL of `notifyMany` in libs/db is built
 * from it. Nobody is told about his own action, and inactive users are told nothing.
 */
export const NOTIFICATION_KINDS = [
  'assigned',
  'escalated_to_unit',
  'deadline_missed',
  'urged',
  'reopened',
  'opened',
  'returned',
  'resolved',
  'deadline_near',
  // issue 14: extension requests (延期申请), to the managers who decide them and back to who asked
  'extension_requested',
  'extension_approved',
  'extension_denied',
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
  /** `deadline_near`: the resolve-by (ISO) that is near. */
  dueAt?: string;
}

const MAX_TITLE = 30;

function short(title: string): string {
  const t = title.trim();
  return t.length > MAX_TITLE ? `${t.slice(0, MAX_TITLE - 1)}…` : t;
}

/** `MM-DD HH:mm` in Asia/Shanghai (UTC+8 all year). */
function shanghaiMinute(iso: string): string {
  const d = new Date(iso);
  const day = shanghaiDate(d).slice(5);
  const local = new Date(d.getTime() + 8 * 3600_000);
  return `${day} ${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
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
    case 'opened':
      return `${c}新问题已登记，请及时受理`;
    case 'returned':
      return `${c}已退回${s.unitName}，请重新处理`;
    case 'resolved':
      return `${c}已办结，请确认销号`;
    case 'deadline_near':
      return `${c}即将到达办结时限${s.dueAt ? `（${shanghaiMinute(s.dueAt)}）` : ''}，请抓紧办理`;
    case 'extension_requested':
      return `${c}${s.unitName}申请延期，请审批`;
    case 'extension_approved':
      return `${c}延期申请已批准`;
    case 'extension_denied':
      return `${c}延期申请未获批准，请按原时限办理`;
  }
}

/** The notification an event causes, if any (`accept`, `comment`, `confirm`, `cancel` … tell nobody). */
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
    case 'open':
      return 'opened';
    case 'return':
      return 'returned';
    case 'resolve':
      return 'resolved';
    case 'request_extension':
      return 'extension_requested';
    case 'approve_extension':
      return 'extension_approved';
    case 'deny_extension':
      return 'extension_denied';
    default:
      return null;
  }
}
