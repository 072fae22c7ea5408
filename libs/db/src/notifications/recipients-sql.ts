import type { NotificationKind, RecipientRule } from '@taizhang/domain';
import { NOTIFICATION_KINDS, RECIPIENT_RULES } from '@taizhang/domain';

const STAFF = `('coordinator', 'bureau_officer')`;

/**
 * One recipient rule of libs/domain as SQL over `users u` and `t` (case_id, unit_id, parent_id, assignee_id,
 * enterprise_id). Roles come from the domain's constants, never from input.
 */
export function recipientRuleSql(rule: RecipientRule): string {
  switch (rule.who) {
    case 'assignee':
      return `u.id = t.assignee_id`;
    case 'holderStaff':
      return `u.role IN ${STAFF} AND u.unit_id = t.unit_id`;
    case 'holderStaffIfUnassigned':
      return `t.assignee_id IS NULL AND u.role IN ${STAFF} AND u.unit_id = t.unit_id`;
    case 'role':
      return `u.role = '${rule.role.replace(/'/g, "''")}' AND u.unit_id = t.${rule.at === 'holder' ? 'unit_id' : 'parent_id'}`;
    case 'enterpriseInstructors':
      return `u.role = 'instructor' AND EXISTS (SELECT 1 FROM enterprise_instructors ei WHERE ei.enterprise_id = t.enterprise_id AND ei.user_id = u.id)`;
    case 'extensionRequester':
      return `u.id = (SELECT e.actor_id FROM case_events e WHERE e.case_id = t.case_id AND e.type = 'request_extension' ORDER BY e.seq DESC LIMIT 1)`;
  }
}

/**
 * Recipients per kind, as SQL over `users u` and `t` (the case's unit, that unit's parent, the assignee,
 * the enterprise), built from the rules of RECIPIENT_RULES in libs/domain (their meaning, tested as a table).
 */
export const RECIPIENTS_SQL = Object.fromEntries(
  NOTIFICATION_KINDS.map((k) => [k, RECIPIENT_RULES[k].map((r) => `(${recipientRuleSql(r)})`).join(' OR ')]),
) as Record<NotificationKind, string>;

/**
 * The outbox rows of the notifications a CTE `nt` inserted (`RETURNING id`): one `notification.send` job each,
 * its id and payload as `notificationJobId` and `NotificationSendPayload` spell them (a null request id is
 * left out). The arguments are the statement's parameter references: queue, job name, job id prefix
 * (`notificationJobId('')`), request id, run at.
 */
export function notificationOutboxInsert(
  queue: string,
  name: string,
  jobIdPrefix: string,
  requestId: string,
  runAt: string,
): string {
  return `INSERT INTO outbox (queue, name, job_id, payload, run_at)
     SELECT ${queue}::text, ${name}::text, ${jobIdPrefix}::text || nt.id,
            jsonb_strip_nulls(jsonb_build_object('notificationId', nt.id, 'requestId', ${requestId}::text)), ${runAt} FROM nt`;
}
