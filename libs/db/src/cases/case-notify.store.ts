import type { DeadlineKind, NotificationKind } from '@taizhang/domain';
import { notificationTitle } from '@taizhang/domain';
import { JOBS, JOB_QUEUE, NotificationSendPayload, notificationJobId } from '@taizhang/queue';
import { EntityManager } from 'typeorm';
import { RECIPIENTS_SQL } from '../notifications/recipients-sql';
import { CasesRow, iso } from './case-rows';
import { LEDGER_NO_SLOT } from './intake.sql';

/** What a notification about a case reads of it (its row as read, with the unit it is at now). */
export type NotifyCase = Pick<
  CasesRow,
  'id' | 'ledger_no' | 'title' | 'unit_id' | 'assignee_id' | 'enterprise_id' | 'resolve_by'
>;

interface NotifyUnitRow {
  id: string;
  name: string;
  parent_id: string | null;
}

/**
 * Tell the right people about case changes of one kind by one actor, inside the caller's transaction: one
 * `notifications` row per recipient and one outbox row per notification (job `notification.send`, sent
 * through the worker's outbound channels). Each `c` is the case as it is AFTER the change (snake_case
 * columns: id, ledger_no, title, unit_id, assignee_id, enterprise_id; `resolve_by` for `deadline_near`). The actor is never told about his own action.
 * A handful of statements whatever the number of cases (`applyTransitions` calls it).
 */
export async function notifyMany(
  m: EntityManager,
  kind: NotificationKind,
  cases: { c: NotifyCase; deadline?: DeadlineKind }[],
  actorId: string | null,
  at: Date,
  requestId?: string,
): Promise<{ caseId: string; userId: string }[]> {
  if (!cases.length) return [];
  const unitIds = [...new Set(cases.map(({ c }) => c.unit_id))];
  const units: NotifyUnitRow[] = await m.query(
    `SELECT id, name, parent_id FROM units WHERE id = ANY($1::uuid[])`,
    [unitIds],
  );
  const unitById = new Map(units.map((u) => [u.id, u]));
  const items = cases.map((x) => ({ ...x, unit: unitById.get(x.c.unit_id) }));
  const col = <T>(f: (x: (typeof items)[number]) => T) => items.map(f);
  const rows: { id: string; user_id: string; case_id: string }[] = await m.query(
    `WITH t AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $9::uuid[])
                      AS t(case_id, title, unit_id, parent_id, assignee_id, enterprise_id))
     INSERT INTO notifications (user_id, case_id, kind, title, created_at)
     SELECT u.id, t.case_id, $6, t.title, $7 FROM t JOIN users u
         ON u.active AND u.id IS DISTINCT FROM $8::uuid AND (${RECIPIENTS_SQL[kind]})
     RETURNING id, user_id, case_id`,
    [
      col(({ c }) => c.id),
      col(({ c, unit, deadline }) =>
        notificationTitle(kind, {
          ledgerNo: c.ledger_no,
          title: c.title,
          unitName: unit?.name ?? '',
          bySystem: actorId === null,
          deadline,
          dueAt: iso(c.resolve_by) ?? undefined,
        }),
      ),
      col(({ c }) => c.unit_id),
      col(({ unit }) => unit?.parent_id ?? null),
      col(({ c }) => c.assignee_id ?? null),
      kind,
      at,
      actorId,
      col(({ c }) => c.enterprise_id ?? null),
    ],
  );
  if (rows.length) {
    const payloads: NotificationSendPayload[] = rows.map((r) => ({
      notificationId: r.id,
      ...(requestId ? { requestId } : {}),
    }));
    await m.query(
      `INSERT INTO outbox (queue, name, job_id, payload, run_at)
       SELECT $1, $2, x.job_id, x.payload, $3 FROM unnest($4::text[], $5::jsonb[]) AS x(job_id, payload)`,
      [
        JOB_QUEUE[JOBS.notificationSend],
        JOBS.notificationSend,
        at,
        payloads.map((p) => notificationJobId(p.notificationId)),
        payloads.map((p) => JSON.stringify(p)),
      ],
    );
  }
  return rows.map((r) => ({ caseId: r.case_id, userId: r.user_id }));
}

// ---------------------------------------------------------------- the `opened` notification of case intake

/** The five parameters of OPENED_NOTIFICATION_CTES for a case with this title. */
export function openedNotificationParams(caseTitle: string, requestId?: string): unknown[] {
  return [
    notificationTitle('opened', {
      ledgerNo: LEDGER_NO_SLOT,
      title: caseTitle,
      unitName: '',
      bySystem: false,
    }),
    JOB_QUEUE[JOBS.notificationSend],
    JOBS.notificationSend,
    notificationJobId(''),
    requestId ?? null,
  ];
}
