import type { CaseSnapshot, CaseLevel, CaseStatus, DeadlineKind } from '@taizhang/domain';

/**
 * A `cases` row as read (snake_case columns) and the domain's view of it. Writes shared by the API and the
 * worker (cases/transitions.ts) take these rows inside the caller's transaction, so the case row, its event,
 * its hops and its outbox rows commit together.
 */
export type Row = Record<string, unknown>;

export function iso(v: unknown): string | null {
  return v == null ? null : new Date(v as string).toISOString();
}

/** The domain's view of a `cases` row (snake_case columns). */
export function rowToSnapshot(r: Row): CaseSnapshot {
  return {
    status: r['status'] as CaseStatus,
    level: Number(r['level']) as CaseLevel,
    unitId: r['unit_id'] as string,
    assigneeId: (r['assignee_id'] as string | null) ?? null,
    returnUnitIds: (r['return_unit_ids'] as string[]) ?? [],
    resolution: (r['resolution'] as string | null) ?? null,
    satisfied: (r['satisfied'] as boolean | null) ?? null,
    rating: r['rating'] == null ? null : Number(r['rating']),
    ratingComment: (r['rating_comment'] as string | null) ?? null,
    confirmedBy: (r['confirmed_by'] as CaseSnapshot['confirmedBy']) ?? null,
    overdue: Boolean(r['overdue']),
    resolvedAt: iso(r['resolved_at']),
    closedAt: iso(r['closed_at']),
    missedDeadline: (r['missed_deadline'] as DeadlineKind | null) ?? null,
    returnedFromUnitId: (r['returned_from_unit_id'] as string | null) ?? null,
    extensionUntil: iso(r['extension_until']),
    extendedLevels: ((r['extended_levels'] as number[] | null) ?? []).map(Number),
  };
}
