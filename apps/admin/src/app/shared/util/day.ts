/**
 * Calendar days as `YYYY-MM-DD` in Asia/Shanghai (UTC+8 all year, no summer time): the dashboard's and the
 * daily reports' ranges.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Whether `value` is a real day written `YYYY-MM-DD` (not `2026-02-30`, not `2026-2-3`). */
export function isDate(value: string | null | undefined): value is string {
  if (!value || !DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The local date (Asia/Shanghai) `now` falls on, `YYYY-MM-DD`. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day `days` after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
