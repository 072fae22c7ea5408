import type { WorkCalendar } from './working-time';

/** Helpers of the deadline specs (not exported by the library). */

/** An instant given as a local time in Asia/Shanghai: `YYYY-MM-DD HH:mm[:ss[.SSS]]`. */
export function sh(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}+08:00`);
}

/** An instant as a local time in Asia/Shanghai, `YYYY-MM-DD HH:mm:ss.SSS`, for readable failures. */
export function local(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * A calendar shaped like a National Day golden week:
 *   Sun 27 Sep (make-up workday) … Wed 30 Sep | Thu 1 – Wed 7 Oct holidays | Thu 8, Fri 9, Sat 10 Oct (make-up) | Sun 11 rests
 */
export const GOLDEN_WEEK: WorkCalendar = {
  holidays: [
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  makeupWorkdays: ['2026-09-27', '2026-10-10'],
};
