import { Result, refuse } from '../shared/result';
import { WorkCalendar } from './working-time';

/**
 * The working-time calendar as an administrator keeps it: public holidays that fall on Mon–Fri, and the
 * make-up working days (调休) that fall on Sat/Sun. A weekend day inside a holiday is not listed: it is
 * not worked anyway.
 */
export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export interface CalendarDay {
  /** Local date (Asia/Shanghai) `YYYY-MM-DD`. */
  date: string;
  kind: CalendarDayKind;
  /** e.g. 春节, 国庆节调休 */
  name: string;
}

export type CalendarErrorCode =
  | 'CALENDAR.INVALID_DATE'
  | 'CALENDAR.HOLIDAY_ON_WEEKEND'
  | 'CALENDAR.WORKDAY_ON_WEEKDAY'
  | 'CALENDAR.DUPLICATE_DATE';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isLocalDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = LOCAL_DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** 0 = Sunday … 6 = Saturday, of a local date. */
export function weekdayOf(localDate: string): number {
  return new Date(`${localDate}T00:00:00Z`).getUTCDay();
}

/** `days` days after (or before) a local date. */
export function addLocalDays(localDate: string, days: number): string {
  return new Date(new Date(`${localDate}T00:00:00Z`).getTime() + days * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

/** Is this day a sensible calendar entry: a holiday on Mon–Fri, a make-up workday on Sat/Sun? */
export function checkCalendarDay(day: Pick<CalendarDay, 'date' | 'kind'>): Result<object, CalendarErrorCode> {
  if (!isLocalDate(day.date))
    return refuse('CALENDAR.INVALID_DATE', `"${day.date}" is not a date written YYYY-MM-DD`, 'date');
  const wd = weekdayOf(day.date);
  const weekend = wd === 0 || wd === 6;
  if (day.kind === 'holiday' && weekend) {
    return refuse(
      'CALENDAR.HOLIDAY_ON_WEEKEND',
      `${day.date} is a Saturday or Sunday: it is not worked anyway, list only holidays that fall on Mon–Fri`,
      'kind',
    );
  }
  if (day.kind === 'workday' && !weekend) {
    return refuse(
      'CALENDAR.WORKDAY_ON_WEEKDAY',
      `${day.date} is a weekday: a make-up working day (调休) must fall on a Saturday or Sunday`,
      'kind',
    );
  }
  return { ok: true };
}

/** Check a whole calendar; answers the first problem with the index of the day it concerns. */
export function checkCalendar(
  days: readonly Pick<CalendarDay, 'date' | 'kind'>[],
): Result<object, CalendarErrorCode> & { index?: number } {
  const seen = new Set<string>();
  for (const [index, day] of days.entries()) {
    const r = checkCalendarDay(day);
    if (!r.ok) return { ...r, index };
    if (seen.has(day.date))
      return { ...refuse('CALENDAR.DUPLICATE_DATE', `${day.date} is listed twice`, 'date'), index };
    seen.add(day.date);
  }
  return { ok: true };
}

/** The calendar the deadline arithmetic reads, from the administrator's list of days. */
export function toWorkCalendar(days: readonly Pick<CalendarDay, 'date' | 'kind'>[]): WorkCalendar {
  return {
    holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.date),
    makeupWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.date),
  };
}
