import type {
  CaseDeadlines,
  CaseEventDraft,
  CaseSnapshot,
  DeadlineKind,
  NotificationKind,
} from '@taizhang/domain';
import { applyEvent, notificationKindFor } from '@taizhang/domain';
import { EntityManager } from 'typeorm';
import { recordCaseChangesStats } from '../stats/case-counters.store';
import { NotifyCase, loadNotifyUnits, notifyMany } from './case-notify.store';
import { CasesRow, rowToSnapshot } from './case-rows';
import { INSERT_OUTBOX, deadlineJobs, insertEvents, outboxParams } from './case-writes';
import { eventDayDeltas } from '../stats/unit-days';

/**
 * One decided change of one case, ready to be written: the domain decided `events` and `next`; the caller
 * worked out the deadlines (`getsFreshDeadlines`/`freshDeadlines` in libs/domain).
 */
export interface CaseTransition {
  /** The case row as read in this transaction (snake_case columns, `cases.*`). */
  row: CasesRow;
  /** The events, in order (usually one; a missed deadline that escalates has two). */
  events: CaseEventDraft[];
  /** The case after them. */
  next: CaseSnapshot;
  /** Null: the system (worker). */
  actorId: string | null;
  at: Date;
  /** The case's deadlines after the change. */
  deadlines: CaseDeadlines;
  /** Deadline checks to queue (fresh deadlines after a move or reopen), or null. */
  scheduled: CaseDeadlines | null;
  /** Optimistic concurrency: write only if the row still has this version (the API); omitted when the row is locked. */
  version?: number;
  requestId?: string;
  /** false: write no notifications (a test's shortcut); by default each event tells whom it concerns. */
  notify?: boolean;
}

/**
 * A list column as a PostgreSQL array literal (`{a,b}`), cast per row in the UPDATE: the values are uuids and
 * small integers, which need no quoting. Each row's list as jsonb unpacked by a subquery (`ARRAY(SELECT
 * jsonb_array_elements_text(...))`, two per row) made the sweep's 200-row UPDATE 11–24 % slower than the
 * 9-column one it replaced; with the literals 5–11 % (tools/bench/README.md, "Cost check of issue 16").
 */
function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.join(',')}}`;
}

/** The one UPDATE of case rows: the projection after the change, for one or many cases. */
const UPDATE_CASES = `UPDATE cases c SET status = x.status, level = x.level, unit_id = x.unit_id, assignee_id = x.assignee_id,
        return_unit_ids = x.return_unit_ids::uuid[], resolution = x.resolution,
        satisfied = x.satisfied, overdue = x.overdue, resolved_at = x.resolved_at, closed_at = x.closed_at,
        respond_by = x.respond_by, resolve_by = x.resolve_by, updated_at = x.at, version = c.version + 1,
        rating = x.rating, rating_comment = x.rating_comment, confirmed_by = x.confirmed_by,
        missed_deadline = x.missed_deadline, returned_from_unit_id = x.returned_from_unit_id,
        extension_until = x.extension_until,
        extended_levels = x.extended_levels::smallint[]
   FROM unnest($1::uuid[], $2::int[], $3::text[], $4::smallint[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::boolean[],
               $10::boolean[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[],
               $16::smallint[], $17::text[], $18::text[], $19::text[], $20::uuid[], $21::timestamptz[], $22::text[])
        AS x(id, version, status, level, unit_id, assignee_id, return_unit_ids, resolution, satisfied, overdue, resolved_at,
             closed_at, respond_by, resolve_by, at, rating, rating_comment, confirmed_by,
             missed_deadline, returned_from_unit_id, extension_until, extended_levels)
  WHERE c.id = x.id AND (x.version IS NULL OR c.version = x.version)
  RETURNING c.id`;

/**
 * Write a batch of case transitions in the caller's transaction, set-based whatever their number: the case
 * rows (one UPDATE), the events (one INSERT), the dashboard counter deltas, the notifications and their
 * outbox rows, the unit hops, and the outbox rows of fresh deadline checks. The API writes a batch of one,
 * the worker's deadline checks and sweep larger ones. Answers the ids of the cases written: a transition
 * whose `version` no longer held is left out, and nothing of it is written.
 */
export async function applyTransitions(
  m: EntityManager,
  transitions: CaseTransition[],
): Promise<Set<string>> {
  if (!transitions.length) return new Set();
  const col = <T>(f: (t: CaseTransition) => T) => transitions.map(f);
  const [updated]: [{ id: string }[], number] = await m.query(UPDATE_CASES, [
    col((t) => t.row.id),
    col((t) => t.version ?? null),
    col((t) => t.next.status),
    col((t) => t.next.level),
    col((t) => t.next.unitId),
    col((t) => t.next.assigneeId),
    col((t) => arrayLiteral(t.next.returnUnitIds)),
    col((t) => t.next.resolution),
    col((t) => t.next.satisfied),
    col((t) => t.next.overdue),
    col((t) => t.next.resolvedAt),
    col((t) => t.next.closedAt),
    col((t) => t.deadlines.respondBy),
    col((t) => t.deadlines.resolveBy),
    col((t) => t.at),
    col((t) => t.next.rating),
    col((t) => t.next.ratingComment),
    col((t) => t.next.confirmedBy),
    col((t) => t.next.missedDeadline ?? null),
    col((t) => t.next.returnedFromUnitId ?? null),
    col((t) => t.next.extensionUntil ?? null),
    col((t) => arrayLiteral(t.next.extendedLevels ?? [])),
  ]);
  const written = new Set(updated.map((r) => r.id));
  const done = transitions.filter((t) => written.has(t.row.id));
  if (!done.length) return written;
  const id = (t: CaseTransition) => t.row.id;

  await insertEvents(
    m,
    done.flatMap((t) => t.events.map((event) => ({ caseId: id(t), actorId: t.actorId, at: t.at, event }))),
  );
  // counters before the hops move: the scope is the units that held the case, plus the one it moves to; with
  // them (same statement) the scorecard's event figures (urged, returned, extensions): the unit holding the
  // case, the event's day
  await recordCaseChangesStats(
    m,
    done.map((t) => ({ row: t.row, next: { ...t.next, resolveBy: t.deadlines.resolveBy } })),
    eventDayDeltas(
      done.flatMap((t) => t.events.map((e) => ({ type: e.type, fromUnitId: e.fromUnitId, at: t.at }))),
    ),
  );

  // Each event tells whom it concerns, about the case as it is right after that event.
  const groups = new Map<
    string,
    {
      kind: NotificationKind;
      actorId: string | null;
      at: Date;
      requestId?: string;
      cases: { c: NotifyCase; deadline?: DeadlineKind }[];
    }
  >();
  for (const t of done.filter((x) => x.notify !== false)) {
    let state = rowToSnapshot(t.row);
    t.events.forEach((e, i) => {
      state = i === t.events.length - 1 ? t.next : applyEvent(state, e, t.at.toISOString());
      const kind = notificationKindFor(e.type);
      if (!kind) return;
      const key = `${kind}|${t.actorId}|${t.requestId}|${t.at.getTime()}`;
      const g = groups.get(key) ?? { kind, actorId: t.actorId, at: t.at, requestId: t.requestId, cases: [] };
      g.cases.push({
        c: { ...t.row, unit_id: state.unitId, assignee_id: state.assigneeId },
        deadline: e.payload.deadline,
      });
      groups.set(key, g);
    });
  }
  // the units of every kind's notifications in one read
  const units = groups.size
    ? await loadNotifyUnits(
        m,
        [...groups.values()].flatMap((g) => g.cases.map(({ c }) => c.unit_id)),
      )
    : undefined;
  for (const g of groups.values()) await notifyMany(m, g.kind, g.cases, g.actorId, g.at, g.requestId, units);

  // hops: a move closes the open hop and opens one at the new unit; closing or cancelling closes it
  const moved = done.filter((t) => t.next.unitId !== t.row.unit_id);
  const ended = done.filter(
    (t) => t.next.unitId === t.row.unit_id && (t.next.status === 'closed' || t.next.status === 'cancelled'),
  );
  const hopsLeft = [...moved, ...ended];
  if (hopsLeft.length) {
    // one statement: the CTE closes the open hops (the statement's snapshot does not see the new ones, so
    // only the old are closed) and the INSERT opens those of the moved cases
    await m.query(
      `WITH closed AS (
         UPDATE case_hops h SET left_at = x.at FROM unnest($1::uuid[], $2::timestamptz[]) AS x(case_id, at)
          WHERE h.case_id = x.case_id AND h.left_at IS NULL)
       INSERT INTO case_hops (case_id, unit_id, level, arrived_at)
       SELECT * FROM unnest($3::uuid[], $4::uuid[], $5::smallint[], $6::timestamptz[])`,
      [
        hopsLeft.map(id),
        hopsLeft.map((t) => t.at),
        moved.map(id),
        moved.map((t) => t.next.unitId),
        moved.map((t) => t.next.level),
        moved.map((t) => t.at),
      ],
    );
  }

  const jobs = done.flatMap((t) =>
    t.scheduled
      ? deadlineJobs(id(t), t.next.status, t.scheduled.respondBy, t.scheduled.resolveBy, t.requestId)
      : [],
  );
  if (jobs.length) await m.query(INSERT_OUTBOX(1), outboxParams(jobs));
  return written;
}
