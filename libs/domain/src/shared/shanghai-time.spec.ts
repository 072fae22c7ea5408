import {
  shanghaiDate,
  shanghaiDateTime,
  shanghaiDayStart,
  shanghaiWallClock,
  startOfShanghaiDay,
} from './shanghai-time';

describe('local time in Asia/Shanghai (UTC+8)', () => {
  // instant (UTC) → local date, local date and time, local day start (UTC)
  const table: [string, string, string, string][] = [
    ['2026-03-01T15:59:59.999Z', '2026-03-01', '2026-03-01 23:59', '2026-02-28T16:00:00.000Z'],
    ['2026-03-01T16:00:00.000Z', '2026-03-02', '2026-03-02 00:00', '2026-03-01T16:00:00.000Z'],
    ['2026-12-31T16:30:00.000Z', '2027-01-01', '2027-01-01 00:30', '2026-12-31T16:00:00.000Z'],
    ['2024-02-28T17:00:00.000Z', '2024-02-29', '2024-02-29 01:00', '2024-02-28T16:00:00.000Z'],
    ['1969-12-31T20:00:00.000Z', '1970-01-01', '1970-01-01 04:00', '1969-12-31T16:00:00.000Z'],
  ];
  it.each(table)('%s is %s (%s), the day starting at %s', (utc, date, dateTime, dayStart) => {
    const at = new Date(utc);
    expect(shanghaiDate(at)).toBe(date);
    expect(shanghaiDateTime(at)).toBe(dateTime);
    expect(new Date(startOfShanghaiDay(at)).toISOString()).toBe(dayStart);
    expect(shanghaiDayStart(date).toISOString()).toBe(dayStart);
    expect(shanghaiWallClock(at).getUTCFullYear()).toBe(Number(date.slice(0, 4)));
  });
});
