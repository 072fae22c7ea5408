import type { CaseDto } from '@taizhang/contracts';

/** A case due within this many hours is "due soon" (即将到期). */
export const DUE_SOON_HOURS = 24;

const PENDING = ['open', 'in_progress', 'escalated'];
const AWAITING_RESPONSE = ['open', 'escalated'];

export interface DeadlineState {
  /** The deadline that matters now: respond-by while a first response is awaited, else resolve-by. */
  deadline: 'respond' | 'resolve' | null;
  dueAt: string | null;
  /** Which deadline was missed (the overdue mark's own, or a resolve-by past and not yet marked); null: none. */
  missed: 'respond' | 'resolve' | null;
  dueSoon: boolean;
  /** Whole hours left until `dueAt` (null when passed or none). */
  hoursLeft: number | null;
}

/**
 * What a list or the case page says about a case's deadlines: 超期 only for the deadline actually missed
 * ("响应超期" vs "办结超期"), due soon within 24 hours, and the time left.
 */
export function deadlineState(
  c: Pick<CaseDto, 'status' | 'respondBy' | 'resolveBy' | 'overdue' | 'missedDeadline'>,
  now: Date,
): DeadlineState {
  const pending = PENDING.includes(c.status);
  const deadline = !pending
    ? null
    : AWAITING_RESPONSE.includes(c.status) && c.respondBy
      ? 'respond'
      : c.resolveBy
        ? 'resolve'
        : null;
  const dueAt = deadline === 'respond' ? c.respondBy : deadline === 'resolve' ? c.resolveBy : null;
  const left = dueAt ? new Date(dueAt).getTime() - now.getTime() : null;
  let missed: DeadlineState['missed'] = c.overdue ? (c.missedDeadline ?? 'resolve') : null;
  if (pending && c.resolveBy && new Date(c.resolveBy).getTime() <= now.getTime()) missed = 'resolve';
  const hoursLeft = left !== null && left > 0 ? Math.floor(left / 3_600_000) : null;
  const dueSoon = !missed && left !== null && left > 0 && left <= DUE_SOON_HOURS * 3_600_000;
  return { deadline, dueAt, missed, dueSoon, hoursLeft };
}
