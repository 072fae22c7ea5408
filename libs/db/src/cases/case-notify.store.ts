import type { DeadlineKind, NotificationKind } from '@taizhang/domain';
import { notificationTitle } from '@taizhang/domain';
import { JOBS, JOB_QUEUE, notificationJobId } from '@taizhang/queue';
import { EntityManager } from 'typeorm';
import { RECIPIENTS_SQL, notificationOutboxInsert } from '../notifications/recipients-sql';
import { CasesRow, iso } from './case-rows';
import { LEDGER_NO_SLOT } from './intake.sql';

/** What a notification about a case reads of it (its row as read, with the unit it is at now). */
export type NotifyCase = Pick<
  CasesRow,
  'id' | 'ledger_no' | 'title' | 'unit_id' | 'assignee_id' | 'enterprise_id' | 'resolve_by'
>;

/** What a notification's title reads of the unit a case is at (and whose parent some recipients sit at). */
export interface NotifyUnitRow {
  id: string;
  name: string;
  parent_id: string | null;
}

/** The units notifications about cases at these units need, by id (one statement). */
export async function loadNotifyUnits(
  m: Pick<EntityManager, 'query'>,
  unitIds: Iterable<string>,
): Promise<Map<string, NotifyUnitRow>> {
  const ids = [...new Set(unitIds)];
  if (!ids.length) return new Map();
  const units: NotifyUnitRow[] = await m.query(
    `SELECT id, name, parent_id FROM units WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(units.map((u) => [u.id, u]));
}

/**
 * Tell the right people about case changes of one kind by one actor, inside the caller's transaction: one
 * `notifications` row per recipient and one outbox row per notification (job `notification.send`, sent
 * through the worker's outbound channels). Each `c` is the case as it is AFTER the change (snake_case
 * columns: id, ledger_no, title, unit_id, assignee_id, enterprise_id; `resolve_by` for `deadline_near`). The actor is never told about his own action.
 * One statement writes both (two when the units are not given: `loadNotifyUnits` first), whatever the number
 * of cases; `applyTransitions` reads the units of all its kinds at once and passes them.
 */
export async function notifyMany(
  m: EntityManager,
  kind: NotificationKind,
  cases: { c: NotifyCase; deadline?: DeadlineKind }[],
  actorId: string | null,
  at: Date,
  requestId?: string,
  units?: Map<string, NotifyUnitRow>,
): Promise<{ caseId: string; userId: string }[]> {
  if (!cases.length) return [];
  const unitById =
    units ??
    (await loadNotifyUnits(
      m,
      cases.map(({ c }) => c.unit_id),
    ));
  const items = cases.map((x) => ({ ...x, unit: unitById.get(x.c.unit_id) }));
  const col = <T>(f: (x: (typeof items)[number]) => T) => items.map(f);
  // the notifications and their outbox rows in one round trip
  const rows: { id: string; user_id: string; case_id: string }[] = await m.query(
    `WITH t AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $9::uuid[])
                      AS t(case_id, title, unit_id, parent_id, assignee_id, enterprise_id)),
          nt AS (
            INSERT INTO notifications (user_id, case_id, kind, title, created_at)
            SELECT u.id, t.case_id, $6, t.title, $7 FROM t JOIN users u
                ON u.active AND u.id IS DISTINCT FROM $8::uuid AND (${RECIPIENTS_SQL[kind]})
            RETURNING id, user_id, case_id),
          ob AS (${notificationOutboxInsert('$10', '$11', '$12', '$13', '$7')})
     SELECT id, user_id, case_id FROM nt`,
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
      JOB_QUEUE[JOBS.notificationSend],
      JOBS.notificationSend,
      notificationJobId(''),
      requestId || null,
    ],
  );
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
