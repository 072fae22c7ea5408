import { CaseLevel, CasePriority } from '../case/case.types';
import { WorkCalendar, addMinutes, endOfShanghaiDay, EMPTY_CALENDAR } from './working-time';

export * from './working-time';
export * from './work-calendar';

export interface DeadlinePolicy {
  level: CaseLevel;
  priority: CasePriority;
  /** Minutes until the first response (assign / accept) is due; fractions allowed. */
  respondMinutes: number;
  /** Minutes until the case must be resolved; fractions allowed. */
  resolveMinutes: number;
  /** Count only working time (Mon–Fri 08:30–17:30 Asia/Shanghai, holidays and 调休 applied). */
  workingTime: boolean;
  /** Town rule "问题不过夜": the first response is also due by the end of the day the case arrived. */
  respondByEndOfDay: boolean;
  /** Extension requests (延期申请): the most working days one extension may add (default 5); one per level. */
  maxExtensionDays?: number;
}

export const DEFAULT_MAX_EXTENSION_DAYS = 5;

const WORKDAY = 9 * 60;

/** DESIGN §4 defaults: town responds the same day and resolves in 3 days; bureaus accept in 1 and
 *  resolve in 5 working days; `urgent` halves them. */
export const DEFAULT_DEADLINE_POLICIES: readonly DeadlinePolicy[] = [
  {
    level: 0,
    priority: 'normal',
    respondMinutes: 24 * 60,
    resolveMinutes: 3 * 24 * 60,
    workingTime: false,
    respondByEndOfDay: true,
  },
  {
    level: 0,
    priority: 'urgent',
    respondMinutes: 12 * 60,
    resolveMinutes: 1.5 * 24 * 60,
    workingTime: false,
    respondByEndOfDay: true,
  },
  {
    level: 1,
    priority: 'normal',
    respondMinutes: WORKDAY,
    resolveMinutes: 5 * WORKDAY,
    workingTime: true,
    respondByEndOfDay: false,
  },
  {
    level: 1,
    priority: 'urgent',
    respondMinutes: WORKDAY / 2,
    resolveMinutes: 2.5 * WORKDAY,
    workingTime: true,
    respondByEndOfDay: false,
  },
  {
    level: 2,
    priority: 'normal',
    respondMinutes: WORKDAY,
    resolveMinutes: 5 * WORKDAY,
    workingTime: true,
    respondByEndOfDay: false,
  },
  {
    level: 2,
    priority: 'urgent',
    respondMinutes: WORKDAY / 2,
    resolveMinutes: 2.5 * WORKDAY,
    workingTime: true,
    respondByEndOfDay: false,
  },
];

/** A key enterprise (重点保障企业) counts as urgent. */
export function effectivePriority(priority: CasePriority, keyEnterprise: boolean): CasePriority {
  return keyEnterprise ? 'urgent' : priority;
}

export function findPolicy(
  policies: readonly DeadlinePolicy[],
  level: CaseLevel,
  priority: CasePriority,
): DeadlinePolicy {
  return (
    policies.find((p) => p.level === level && p.priority === priority) ??
    (DEFAULT_DEADLINE_POLICIES.find((p) => p.level === level && p.priority === priority) as DeadlinePolicy)
  );
}

/** The deadlines of a case that arrived at a unit at `arrivedAt`. */
export function computeDeadlines(
  arrivedAt: Date,
  policy: DeadlinePolicy,
  calendar: WorkCalendar = EMPTY_CALENDAR,
): { respondBy: Date; resolveBy: Date } {
  let respondBy = addMinutes(arrivedAt, policy.respondMinutes, policy.workingTime, calendar);
  if (policy.respondByEndOfDay) {
    const eod = endOfShanghaiDay(arrivedAt);
    if (eod < respondBy) respondBy = eod;
  }
  const resolveBy = addMinutes(arrivedAt, policy.resolveMinutes, policy.workingTime, calendar);
  return { respondBy, resolveBy: resolveBy < respondBy ? respondBy : resolveBy };
}

/**
 * The latest resolve-by an extension may ask for: the current resolve-by (or now, if it has passed or there is
 * none) plus the policy's `maxExtensionDays` working days (9 working hours each, holidays and 调休 applied).
 */
export function latestExtension(
  resolveBy: Date | null,
  now: Date,
  policy: Pick<DeadlinePolicy, 'maxExtensionDays'>,
  calendar: WorkCalendar = EMPTY_CALENDAR,
): Date {
  const from = resolveBy && resolveBy > now ? resolveBy : now;
  const days = policy.maxExtensionDays ?? DEFAULT_MAX_EXTENSION_DAYS;
  return addMinutes(from, days * WORKDAY, true, calendar);
}
