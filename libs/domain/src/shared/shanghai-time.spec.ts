import {
  parseShanghaiInstant,
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

describe('parseShanghaiInstant: ISO 8601 text without an offset is local time in Shanghai', () => {
  it.each([
    ['2026-11-30T09:30:00+08:00', '2026-11-30T01:30:00.000Z'],
    ['2026-11-30T01:30:00Z', '2026-11-30T01:30:00.000Z'],
    ['2026-11-30T01:30:00.250z', '2026-11-30T01:30:00.250Z'],
    ['2026-11-30T03:30:00+0200', '2026-11-30T01:30:00.000Z'],
    ['2026-11-30T09:30:00', '2026-11-30T01:30:00.000Z'], // no offset: Shanghai
    ['2026-11-30T09:30', '2026-11-30T01:30:00.000Z'],
    ['2026-11-30T09:30:00.500', '2026-11-30T01:30:00.500Z'],
    ['2026-11-30 09:30:00', '2026-11-30T01:30:00.000Z'],
    ['2026-12-01T03:00:00', '2026-11-30T19:00:00.000Z'], // a local day that is still yesterday in UTC
    ['2026-11-30', '2026-11-29T16:00:00.000Z'], // a date: the start of the local day
    [' 2026-11-30T09:30:00-01:00 ', '2026-11-30T10:30:00.000Z'],
  ])('%s → %s', (text, utc) => {
    expect(parseShanghaiInstant(text).toISOString()).toBe(utc);
  });
  it.each(['yesterday', '2026-13-45T00:00:00', '2026-11-30T25:00:00', ''])('%j is not a date', (text) => {
    expect(Number.isNaN(parseShanghaiInstant(text).getTime())).toBe(true);
  });
});
