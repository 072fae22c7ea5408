import type { CaseEventDraft, CaseStatus } from '@taizhang/domain';
import { deadlineChecks } from '@taizhang/domain';
import { DeadlineCheckPayload, JOBS, JOB_QUEUE, deadlineJobId } from '@taizhang/queue';
import { EntityManager } from 'typeorm';

/** An outbox row before it is written. */
export interface OutboxDraft {
  queue: string;
  name: string;
  jobId: string;
  payload: Record<string, unknown>;
  runAt: string;
}

/** The deadline checks a case in `status` needs (respond-by while awaiting a first response, resolve-by while pending). */
export function deadlineJobs(
  caseId: string,
  status: CaseStatus,
  respondBy: Date | null,
  resolveBy: Date | null,
  requestId?: string,
): OutboxDraft[] {
  const jobs: DeadlineCheckPayload[] = deadlineChecks(status, { respondBy, resolveBy }).map((c) => ({
    caseId,
    deadline: c.deadline,
    dueAt: c.dueAt.toISOString(),
    requestId,
  }));
  return jobs.map((p) => ({
    queue: JOB_QUEUE[JOBS.deadlineCheck],
    name: JOBS.deadlineCheck,
    jobId: deadlineJobId(p),
    payload: { ...p },
    runAt: p.dueAt,
  }));
}

/** SQL: insert outbox drafts given as the five arrays of `outboxParams` ($n … $n+4). */
export const INSERT_OUTBOX = (n: number) =>
  `INSERT INTO outbox (queue, name, job_id, payload, run_at)
   SELECT * FROM unnest($${n}::text[], $${n + 1}::text[], $${n + 2}::text[], $${n + 3}::jsonb[], $${n + 4}::timestamptz[])`;
export const outboxParams = (rows: OutboxDraft[]) => [
  rows.map((r) => r.queue),
  rows.map((r) => r.name),
  rows.map((r) => r.jobId),
  rows.map((r) => JSON.stringify(r.payload)),
  rows.map((r) => r.runAt),
];

/** Append events of one or many cases in one statement, in the order given (their `seq` follows it). */
export async function insertEvents(
  m: EntityManager,
  items: { caseId: string; actorId: string | null; at: Date; event: CaseEventDraft }[],
): Promise<void> {
  if (!items.length) return;
  const col = <T>(f: (i: (typeof items)[number]) => T) => items.map(f);
  await m.query(
    `INSERT INTO case_events (case_id, type, actor_id, at, from_status, to_status, from_unit_id, to_unit_id, reason, payload)
     SELECT case_id, type, actor_id, at, from_status, to_status, from_unit_id, to_unit_id, reason, payload
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::text[], $10::jsonb[])
            WITH ORDINALITY AS x(case_id, type, actor_id, at, from_status, to_status, from_unit_id, to_unit_id, reason, payload, ord)
      ORDER BY ord`,
    [
      col((i) => i.caseId),
      col((i) => i.event.type),
      col((i) => i.actorId),
      col((i) => i.at),
      col((i) => i.event.fromStatus),
      col((i) => i.event.toStatus),
      col((i) => i.event.fromUnitId),
      col((i) => i.event.toUnitId),
      col((i) => i.event.reason),
      col((i) => JSON.stringify(i.event.payload)),
    ],
  );
}
