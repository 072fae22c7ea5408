import type { CaseSnapshot, CaseLevel, CaseStatus, DeadlineKind } from '@taizhang/domain';

/**
 * A `cases` row as read (snake_case columns) and the domain's view of it. Writes shared by the API and the
 * worker (cases/transitions.ts) take these rows inside the caller's transaction, so the case row, its event,
 * its hops and its outbox rows commit together.
 */
/** A `cases` row as read (`c.*`, snake_case columns). */
export interface CasesRow {
  id: string;
  ledger_no: string;
  enterprise_id: string;
  category_code: string;
  title: string;
  description: string;
  priority: string;
  status: string;
  level: number;
  unit_id: string;
  town_id: string;
  county_id: string | null;
  city_id: string | null;
  assignee_id: string | null;
  return_unit_ids: string[];
  respond_by: Date | null;
  resolve_by: Date | null;
  overdue: boolean;
  resolution: string | null;
  satisfied: boolean | null;
  rating: number | null;
  rating_comment: string | null;
  confirmed_by: 'enterprise' | 'staff' | null;
  missed_deadline: string | null;
  returned_from_unit_id: string | null;
  extension_until: Date | null;
  extended_levels: number[] | null;
  opened_by_id: string;
  opened_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  updated_at: Date;
  version: number;
}

/** A case row locked for a change (`c.*` and its enterprise's key flag). */
export type LockedCaseRow = CasesRow & { enterprise_key: boolean };

/** The columns of a case the domain's view reads. */
export type SnapshotColumns = Pick<
  CasesRow,
  | 'status'
  | 'level'
  | 'unit_id'
  | 'assignee_id'
  | 'return_unit_ids'
  | 'resolution'
  | 'satisfied'
  | 'rating'
  | 'rating_comment'
  | 'confirmed_by'
  | 'overdue'
  | 'resolved_at'
  | 'closed_at'
  | 'missed_deadline'
  | 'returned_from_unit_id'
  | 'extension_until'
  | 'extended_levels'
>;

export function iso(v: unknown): string | null {
  return v == null ? null : new Date(v as string).toISOString();
}

/** The domain's view of a `cases` row (snake_case columns). */
export function rowToSnapshot(r: SnapshotColumns): CaseSnapshot {
  return {
    status: r.status as CaseStatus,
    level: Number(r.level) as CaseLevel,
    unitId: r.unit_id,
    assigneeId: r.assignee_id ?? null,
    returnUnitIds: r.return_unit_ids ?? [],
    resolution: r.resolution ?? null,
    satisfied: r.satisfied ?? null,
    rating: r.rating == null ? null : Number(r.rating),
    ratingComment: r.rating_comment ?? null,
    confirmedBy: r.confirmed_by ?? null,
    overdue: Boolean(r.overdue),
    resolvedAt: iso(r.resolved_at),
    closedAt: iso(r.closed_at),
    missedDeadline: (r.missed_deadline as DeadlineKind | null) ?? null,
    returnedFromUnitId: r.returned_from_unit_id ?? null,
    extensionUntil: iso(r.extension_until),
    extendedLevels: (r.extended_levels ?? []).map(Number),
  };
}
