import { EMPTY_CALENDAR, WorkCalendar, addWorkingMinutes, isWorkingDay } from '../deadline/working-time';
import { shanghaiDate, startOfShanghaiDay } from '../shared/shanghai-time';

const WORK_START_MS = (8 * 60 + 30) * 60_000;
const WORK_END_MS = (17 * 60 + 30) * 60_000;

/** The default lead of the "deadline near" notification: 4 working hours before resolve-by. */
export const DEFAULT_DEADLINE_NEAR_LEAD_HOURS = 4;

/**
 * `minutes` of working time before `end` (Mon–Fri 08:30–17:30 Asia/Shanghai, holidays and 调休 from the
 * calendar): the mirror of `addWorkingMinutes`. Zero or less answers `end`.
 */
export function subtractWorkingMinutes(
  end: Date,
  minutes: number,
  calendar: WorkCalendar = EMPTY_CALENDAR,
): Date {
  let remaining = minutes * 60_000;
  if (remaining <= 0) return new Date(end.getTime());
  let t = end.getTime();
  for (let guard = 0; guard < 3700; guard++) {
    // the day `t` belongs to: a `t` at local midnight belongs to the day before (its end)
    const dayStart = startOfShanghaiDay(new Date(t - 1));
    if (isWorkingDay(shanghaiDate(new Date(t - 1)), calendar)) {
      const open = dayStart + WORK_START_MS;
      const close = dayStart + WORK_END_MS;
      if (t > close) t = close;
      if (t > open) {
        const available = t - open;
        if (remaining <= available) return new Date(t - remaining);
        remaining -= available;
      }
    }
    t = dayStart;
  }
  throw new RangeError('subtractWorkingMinutes: no working time within ten years (check the calendar)');
}

/** When the "deadline near" notification of a resolve-by is due: `leadHours` of working time before it. */
export function deadlineNearAt(
  resolveBy: Date,
  leadHours: number,
  calendar: WorkCalendar = EMPTY_CALENDAR,
): Date {
  return subtractWorkingMinutes(resolveBy, leadHours * 60, calendar);
}

/**
 * The latest resolve-by that is "near" at `now`: one whose remaining working time is at most the lead. A
 * case is due its notification once `resolveBy <= deadlineNearHorizon(now, …)` (and `resolveBy > now`:
 * after it, the missed-deadline check speaks). The worker's sweep asks for exactly these cases, so a
 * deadline that moves (an extension, a new unit) needs no job to be rescheduled.
 */
export function deadlineNearHorizon(
  now: Date,
  leadHours: number,
  calendar: WorkCalendar = EMPTY_CALENDAR,
): Date {
  return addWorkingMinutes(now, leadHours * 60, calendar);
}
