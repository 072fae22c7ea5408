import { shanghaiDate, startOfShanghaiDay } from '../shared/shanghai-time';

/**
 * Working time in Asia/Shanghai (UTC+8 all year, no daylight saving): Mon–Fri 08:30–17:30, minus public
 * holidays, plus the make-up working days (调休) on which a weekend day is worked.
 */
export interface WorkCalendar {
  /** Local dates `YYYY-MM-DD` that are not worked although they fall on Mon–Fri. */
  holidays: readonly string[];
  /** Local dates `YYYY-MM-DD` that are worked although they fall on Sat or Sun (调休). */
  makeupWorkdays: readonly string[];
}

export const EMPTY_CALENDAR: WorkCalendar = { holidays: [], makeupWorkdays: [] };

const DAY_MS = 24 * 3600_000;
const WORK_START_MIN = 8 * 60 + 30;
const WORK_END_MIN = 17 * 60 + 30;

/** The last millisecond of the local day (Asia/Shanghai) on which `at` falls: "问题不过夜". */
export function endOfShanghaiDay(at: Date): Date {
  return new Date(startOfShanghaiDay(at) + DAY_MS - 1);
}

export function isWorkingDay(localDate: string, calendar: WorkCalendar = EMPTY_CALENDAR): boolean {
  if (calendar.makeupWorkdays.includes(localDate)) return true;
  if (calendar.holidays.includes(localDate)) return false;
  const weekday = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** `minutes` of working time after `start` (fractions allowed). Zero or less answers `start`. */
export function addWorkingMinutes(
  start: Date,
  minutes: number,
  calendar: WorkCalendar = EMPTY_CALENDAR,
): Date {
  let remaining = minutes * 60_000;
  if (remaining <= 0) return new Date(start.getTime());
  let t = start.getTime();
  for (let guard = 0; guard < 3700; guard++) {
    const dayStart = startOfShanghaiDay(new Date(t));
    if (isWorkingDay(shanghaiDate(new Date(t)), calendar)) {
      const open = dayStart + WORK_START_MIN * 60_000;
      const close = dayStart + WORK_END_MIN * 60_000;
      if (t < open) t = open;
      if (t < close) {
        const available = close - t;
        if (remaining <= available) return new Date(t + remaining);
        remaining -= available;
      }
    }
    t = dayStart + DAY_MS;
  }
  throw new RangeError('addWorkingMinutes: no working time within ten years (check the calendar)');
}

/** Plain or working time, as a policy says. */
export function addMinutes(start: Date, minutes: number, workingTime: boolean, calendar: WorkCalendar): Date {
  return workingTime
    ? addWorkingMinutes(start, minutes, calendar)
    : new Date(start.getTime() + minutes * 60_000);
}
