import { addLocalDays, checkCalendar, checkCalendarDay, isLocalDate, toWorkCalendar } from './work-calendar';

describe('work calendar', () => {
  describe(isLocalDate.name, () => {
    it.each([
      ['2026-10-01', true],
      ['2028-02-29', true],
      ['2026-02-29', false],
      ['2026-13-01', false],
      ['2026-1-01', false],
      ['2026-10-01T00:00', false],
      ['', false],
      [20261001, false],
    ])('%s → %s', (s, ok) => expect(isLocalDate(s)).toBe(ok));
  });

  describe(checkCalendarDay.name, () => {
    // 2026-10-01 Thu, 2026-10-03 Sat, 2026-10-10 Sat, 2026-09-20 Sun, 2026-10-05 Mon
    it.each([
      ['2026-10-01', 'holiday', null],
      ['2026-10-05', 'holiday', null],
      ['2026-10-03', 'holiday', 'CALENDAR.HOLIDAY_ON_WEEKEND'],
      ['2026-10-10', 'workday', null],
      ['2026-09-20', 'workday', null],
      ['2026-10-09', 'workday', 'CALENDAR.WORKDAY_ON_WEEKDAY'],
      ['2026-02-30', 'holiday', 'CALENDAR.INVALID_DATE'],
      ['10/01/2026', 'workday', 'CALENDAR.INVALID_DATE'],
    ] as const)('%s as %s → %s', (date, kind, code) => {
      const r = checkCalendarDay({ date, kind });
      expect(r.ok ? null : r.code).toBe(code);
    });
  });

  describe(checkCalendar.name, () => {
    it('names the index of a date listed twice', () => {
      const r = checkCalendar([
        { date: '2026-10-01', kind: 'holiday' },
        { date: '2026-10-02', kind: 'holiday' },
        { date: '2026-10-01', kind: 'holiday' },
      ]);
      expect(r).toMatchObject({ ok: false, code: 'CALENDAR.DUPLICATE_DATE', index: 2 });
    });
    it('accepts a well-formed calendar', () => {
      expect(
        checkCalendar([
          { date: '2026-10-01', kind: 'holiday' },
          { date: '2026-10-10', kind: 'workday' },
        ]),
      ).toEqual({ ok: true });
    });
  });

  it('splits days into holidays and make-up workdays', () => {
    expect(
      toWorkCalendar([
        { date: '2026-10-01', kind: 'holiday' },
        { date: '2026-10-10', kind: 'workday' },
      ]),
    ).toEqual({ holidays: ['2026-10-01'], makeupWorkdays: ['2026-10-10'] });
  });

  it('adds local days across month ends', () => {
    expect(addLocalDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addLocalDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
