/**
 * Local time in Asia/Shanghai: UTC+8 all year, no daylight saving. The one place that knows the offset;
 * every local date, day bound and year of the code comes from here.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** `at` moved by the offset: its UTC fields (getUTCHours, toISOString …) read the local time in Shanghai. */
export function shanghaiWallClock(at: Date): Date {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS);
}

/** The local calendar date (Asia/Shanghai) of an instant, as `YYYY-MM-DD`. */
export function shanghaiDate(at: Date): string {
  return shanghaiWallClock(at).toISOString().slice(0, 10);
}

/** The local date and time (Asia/Shanghai) of an instant, as `YYYY-MM-DD HH:mm`. */
export function shanghaiDateTime(at: Date): string {
  return shanghaiWallClock(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant a local date (`YYYY-MM-DD`, Asia/Shanghai) starts. */
export function shanghaiDayStart(localDate: string): Date {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** The instant the local day (Asia/Shanghai) on which `at` falls starts, in epoch ms. */
export function startOfShanghaiDay(at: Date): number {
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - SHANGHAI_OFFSET_MS;
}

/** A time of day that ends with its offset: `Z`, `+08:00`, `+0800` or `+08`. */
const EXPLICIT_OFFSET = /(?:z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * The instant an ISO 8601 text names, read as local time in Shanghai when it carries no offset: a phone
 * sends `2026-11-30T09:30` for half past nine there, not in UTC (which is what `new Date()` would take).
 * A date alone is the start of that local day. Texts with an offset keep it. Not a date: an invalid Date.
 */
export function parseShanghaiInstant(text: string): Date {
  const s = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return shanghaiDayStart(s);
  const time = s.slice(10);
  if (/^[T ]\d{2}/i.test(time) && !EXPLICIT_OFFSET.test(time)) {
    const utc = Date.parse(`${s.slice(0, 10)}T${time.slice(1)}Z`);
    if (!Number.isNaN(utc)) return new Date(utc - SHANGHAI_OFFSET_MS);
  }
  return new Date(s);
}
