import {
  EMPTY_CALENDAR,
  addMinutes,
  addWorkingMinutes,
  endOfShanghaiDay,
  isWorkingDay,
} from './working-time';
import { shanghaiDate } from '../shared/shanghai-time';
import { GOLDEN_WEEK, local, sh } from './spec-fixtures';

/*
 * March 2026:  Mon 2  Tue 3  Wed 4  Thu 5  Fri 6  Sat 7  Sun 8  Mon 9 … Fri 13 … Mon 16.
 * GOLDEN_WEEK (spec-fixtures): make-up Sun 27 Sep, holidays Thu 1 – Wed 7 Oct, make-up Sat 10 Oct.
 */

describe(shanghaiDate.name, () => {
  it.each([
    ['2026-03-01T15:59:59.999Z', '2026-03-01'],
    ['2026-03-01T16:00:00.000Z', '2026-03-02'],
    ['2026-03-02T00:00:00.000Z', '2026-03-02'],
    ['2025-12-31T16:00:00.000Z', '2026-01-01'],
  ])('%s falls on %s in Shanghai', (at, date) => {
    expect(shanghaiDate(new Date(at))).toBe(date);
  });
});

describe(endOfShanghaiDay.name, () => {
  it.each([
    ['2026-03-02T02:00:00.000Z', '2026-03-02T15:59:59.999Z', '10:00 local: the same local day'],
    [
      '2026-03-01T16:00:00.000Z',
      '2026-03-02T15:59:59.999Z',
      'local midnight starts the day (UTC still 1 March)',
    ],
    ['2026-03-02T15:59:59.999Z', '2026-03-02T15:59:59.999Z', 'the last millisecond is its own end of day'],
    [
      '2026-03-02T16:00:00.000Z',
      '2026-03-03T15:59:59.999Z',
      'local midnight is the next day (UTC still 2 March)',
    ],
    ['2026-03-02T23:30:00.000Z', '2026-03-03T15:59:59.999Z', '07:30 on 3 March local'],
    ['2025-12-31T16:30:00.000Z', '2026-01-01T15:59:59.999Z', 'across the new year'],
    ['2028-02-29T10:00:00.000Z', '2028-02-29T15:59:59.999Z', 'a leap day'],
  ])('%s → %s (%s)', (at, end) => {
    expect(endOfShanghaiDay(new Date(at)).toISOString()).toBe(end);
  });
});

describe(isWorkingDay.name, () => {
  it.each([
    ['2026-03-02', EMPTY_CALENDAR, true, 'Monday'],
    ['2026-03-06', EMPTY_CALENDAR, true, 'Friday'],
    ['2026-03-07', EMPTY_CALENDAR, false, 'Saturday'],
    ['2026-03-08', EMPTY_CALENDAR, false, 'Sunday'],
    ['2026-10-01', EMPTY_CALENDAR, true, 'a Thursday, with no calendar'],
    ['2026-10-01', GOLDEN_WEEK, false, 'Thursday, a holiday'],
    ['2026-10-07', GOLDEN_WEEK, false, 'Wednesday, a holiday'],
    ['2026-10-03', GOLDEN_WEEK, false, 'Saturday inside the holidays'],
    ['2026-09-27', GOLDEN_WEEK, true, 'Sunday, a make-up workday'],
    ['2026-10-10', GOLDEN_WEEK, true, 'Saturday, a make-up workday'],
    ['2026-10-11', GOLDEN_WEEK, false, 'Sunday, not a make-up day'],
    ['2026-09-30', GOLDEN_WEEK, true, 'Wednesday before the holidays'],
    ['2026-10-08', GOLDEN_WEEK, true, 'Thursday after the holidays'],
  ])('%s is a working day: %p (%s)', (date, calendar, working) => {
    expect(isWorkingDay(date, calendar)).toBe(working);
  });

  it('uses the empty calendar by default', () => {
    expect(isWorkingDay('2026-10-01')).toBe(true);
  });
});

describe(addWorkingMinutes.name, () => {
  /* start (local) · working minutes · deadline (local) · why */
  it.each([
    // within a day
    ['2026-03-02 10:00', 60, '2026-03-02 11:00', 'inside working hours'],
    ['2026-03-02 08:30', 540, '2026-03-02 17:30', 'a full day ends at closing, not the next morning'],
    ['2026-03-02 17:00', 30, '2026-03-02 17:30', 'exactly at closing'],
    // day boundaries
    ['2026-03-02 00:00', 1, '2026-03-02 08:31', 'after midnight: the clock starts at 08:30'],
    ['2026-03-02 07:00', 60, '2026-03-02 09:30', 'before opening'],
    ['2026-03-02 08:29:59.999', 1, '2026-03-02 08:31', 'a millisecond before opening'],
    ['2026-03-02 08:30', 1, '2026-03-02 08:31', 'exactly at opening'],
    ['2026-03-02 17:29', 1, '2026-03-02 17:30', 'the last minute of the day'],
    ['2026-03-02 17:00', 31, '2026-03-03 08:31', 'one minute past closing carries to the next morning'],
    ['2026-03-02 17:30', 1, '2026-03-03 08:31', 'exactly at closing: nothing left today'],
    ['2026-03-02 17:29:59.999', 1, '2026-03-03 08:30:59.999', 'one millisecond today, the rest tomorrow'],
    ['2026-03-02 18:00', 60, '2026-03-03 09:30', 'after closing'],
    ['2026-03-02 23:59:59.999', 1, '2026-03-03 08:31', 'the last millisecond of the day'],
    // fractions of a minute
    ['2026-03-02 10:00', 0.5, '2026-03-02 10:00:30', 'half a minute'],
    ['2026-03-02 10:00', 0.25, '2026-03-02 10:00:15', 'a quarter minute'],
    ['2026-03-02 10:00', 0.001, '2026-03-02 10:00:00.060', 'sixty milliseconds'],
    ['2026-03-02 17:29:30', 1, '2026-03-03 08:30:30', 'half a minute today, half tomorrow'],
    ['2026-03-02 10:00', 270, '2026-03-02 14:30', 'half a working day'],
    // weekends
    ['2026-03-06 17:00', 60, '2026-03-09 09:00', 'Friday evening to Monday'],
    ['2026-03-06 17:30', 1, '2026-03-09 08:31', 'Friday closing to Monday'],
    ['2026-03-07 10:00', 60, '2026-03-09 09:30', 'starting on Saturday'],
    ['2026-03-08 23:00', 60, '2026-03-09 09:30', 'starting on Sunday night'],
    // several days
    ['2026-03-02 10:00', 540, '2026-03-03 10:00', 'one working day'],
    ['2026-03-02 08:30', 5 * 540, '2026-03-06 17:30', 'a working week'],
    ['2026-03-02 08:30', 5 * 540 + 1, '2026-03-09 08:31', 'a working week and a minute'],
    ['2026-03-04 14:00', 2.5 * 540, '2026-03-09 09:30', 'two and a half working days over a weekend'],
    ['2026-03-06 16:00', 5 * 540, '2026-03-13 16:00', 'five working days from a Friday'],
    ['2026-03-02 10:00', 10 * 540, '2026-03-16 10:00', 'two working weeks'],
  ])('%s + %p working minutes → %s (%s)', (start, minutes, deadline) => {
    expect(local(addWorkingMinutes(sh(start), minutes))).toBe(local(sh(deadline)));
  });

  it.each([
    ['2026-09-30 17:00', 60, '2026-10-08 09:00', 'over the holiday week'],
    ['2026-10-01 10:00', 60, '2026-10-08 09:30', 'starting on a holiday'],
    ['2026-10-05 08:30', 540, '2026-10-08 17:30', 'a full day from a holiday Monday'],
    ['2026-09-25 17:00', 60, '2026-09-27 09:00', 'Friday to the Sunday make-up day'],
    ['2026-09-26 12:00', 30, '2026-09-27 09:00', 'Saturday (rest) to the Sunday make-up day'],
    ['2026-09-27 17:00', 60, '2026-09-28 09:00', 'the Sunday make-up day to Monday'],
    ['2026-10-09 17:30', 60, '2026-10-10 09:30', 'Friday closing to the Saturday make-up day'],
    ['2026-10-10 17:00', 60, '2026-10-12 09:00', 'the Saturday make-up day to Monday, Sunday rests'],
    ['2026-09-30 10:00', 5 * 540, '2026-10-13 10:00', 'five working days across the golden week'],
  ])('with holidays and make-up days: %s + %p → %s (%s)', (start, minutes, deadline) => {
    expect(local(addWorkingMinutes(sh(start), minutes, GOLDEN_WEEK))).toBe(local(sh(deadline)));
  });

  it('counts the holidays as working days when no calendar is given', () => {
    expect(local(addWorkingMinutes(sh('2026-09-30 17:00'), 60))).toBe(local(sh('2026-10-01 09:00')));
  });

  it.each([
    ['2026-03-02 10:00', 0],
    ['2026-03-02 10:00', -30],
    ['2026-03-07 03:00', 0],
  ])('answers the start itself for %s + %p', (start, minutes) => {
    expect(addWorkingMinutes(sh(start), minutes).getTime()).toBe(sh(start).getTime());
  });

  it('does not change the start it is given', () => {
    const start = sh('2026-03-02 10:00');
    addWorkingMinutes(start, 600);
    expect(local(start)).toBe('2026-03-02 10:00:00.000');
  });
});

describe(addMinutes.name, () => {
  it.each([
    ['2026-03-07 23:00', 60, false, '2026-03-08 00:00', 'plain time ignores weekends and hours'],
    ['2026-03-02 10:00', 0.5, false, '2026-03-02 10:00:30', 'plain time with fractions'],
    ['2026-03-07 23:00', 60, true, '2026-03-09 09:30', 'working time'],
    ['2026-09-30 17:00', 60, true, '2026-10-08 09:00', 'working time with the calendar'],
  ])('%s + %p minutes (working time: %p) → %s (%s)', (start, minutes, workingTime, deadline) => {
    expect(local(addMinutes(sh(start), minutes, workingTime, GOLDEN_WEEK))).toBe(local(sh(deadline)));
  });
});
