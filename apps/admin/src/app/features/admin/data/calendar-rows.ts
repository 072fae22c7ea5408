import type { CalendarDayDto } from '@taizhang/contracts';
import { isApiError } from '../../../core/api/api-error';
import type { TranslationKey } from '../../../core/i18n/zh-CN';

/** A row of the calendar editor: a day and a stable key for the list. */
export interface CalendarRow extends CalendarDayDto {
  key: number;
}

/** What to say under a row: an i18n key of ours, or the API's own words when we do not know them. */
export type RowError = { key: TranslationKey } | { text: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 0 Sunday … 6 Saturday, or null for a date that is not one. */
export function weekdayOf(date: string): number | null {
  if (!DATE.test(date)) return null;
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) return null;
  return d.getUTCDay();
}

export function isWeekend(date: string): boolean {
  const wd = weekdayOf(date);
  return wd === 0 || wd === 6;
}

/** The kind a new date most likely is: a holiday on Mon–Fri, a make-up workday (调休) on Sat/Sun. */
export function likelyKind(date: string): CalendarDayDto['kind'] {
  return isWeekend(date) ? 'workday' : 'holiday';
}

/** Rows in date order (undated rows last, as entered), what the API is sent. */
export function sortRows(rows: readonly CalendarRow[]): CalendarRow[] {
  return [...rows].sort((a, b) =>
    a.date && b.date ? a.date.localeCompare(b.date) : a.date ? -1 : b.date ? 1 : a.key - b.key,
  );
}

export function toDays(rows: readonly CalendarRow[]): CalendarDayDto[] {
  return rows.map(({ date, kind, name }) => ({ date, kind, name }));
}

/**
 * The API's answer to a refused calendar, per row: field errors are named `days.<index>.<field>`
 * (index into the list that was sent). Its messages are English; known ones are said from our own
 * keys, any other is shown as written. Errors naming no row come back under -1.
 */
export function rowErrors(error: unknown): Map<number, RowError[]> {
  const out = new Map<number, RowError[]>();
  if (!isApiError(error)) return out;
  for (const fe of error.errors) {
    const m = /^days\.(\d+)(?:\.(\w+))?/.exec(fe.field);
    const index = m ? Number(m[1]) : -1;
    const field = m?.[2] ?? '';
    const list = out.get(index) ?? [];
    const said = describe(field, fe.message);
    if (!list.some((e) => JSON.stringify(e) === JSON.stringify(said))) list.push(said);
    out.set(index, list);
  }
  return out;
}

function describe(field: string, message: string): RowError {
  // "is a weekday: … must fall on a Saturday or Sunday" names both: test it first
  if (/is a weekday/i.test(message)) return { key: 'calendar.error.workdayOnWeekday' };
  if (/is a saturday or sunday/i.test(message)) return { key: 'calendar.error.holidayOnWeekend' };
  if (/listed twice/i.test(message)) return { key: 'calendar.error.duplicate' };
  if (field === 'name') return { key: 'calendar.error.name' };
  if (field === 'date') return { key: 'calendar.error.date' };
  if (field === 'kind') return { key: 'calendar.error.kind' };
  return { text: message };
}
