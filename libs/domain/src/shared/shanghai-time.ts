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
