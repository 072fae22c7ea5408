import { ApiError } from '../../../core/api/api-error';
import { likelyKind, rowErrors, sortRows, weekdayOf } from './calendar-rows';

describe('calendar rows', () => {
  it('knows the weekday of a date, and which kind a new date most likely is', () => {
    expect(weekdayOf('2026-10-01')).toBe(4); // Thursday
    expect(weekdayOf('2026-09-27')).toBe(0); // Sunday
    expect(weekdayOf('2026-02-30')).toBeNull();
    expect(likelyKind('2026-10-01')).toBe('holiday');
    expect(likelyKind('2026-10-10')).toBe('workday');
  });

  it('sorts by date, undated rows last in the order they were added', () => {
    const rows = sortRows([
      { key: 1, date: '', kind: 'holiday', name: '' },
      { key: 2, date: '2026-10-02', kind: 'holiday', name: 'b' },
      { key: 3, date: '2026-10-01', kind: 'holiday', name: 'a' },
      { key: 4, date: '', kind: 'holiday', name: '' },
    ]);
    expect(rows.map((r) => r.key)).toEqual([3, 2, 1, 4]);
  });

  describe('PUT /calendar refused', () => {
    const refused = (errors: { field: string; message: string }[]) =>
      new ApiError({ status: 400, code: 'REQUEST.INVALID', detail: 'invalid', errors });

    it('puts each message under its row, in our words when we know it', () => {
      const byRow = rowErrors(
        refused([
          {
            field: 'days.2.kind',
            message:
              '2026-10-03 is a Saturday or Sunday: it is not worked anyway, list only holidays that fall on Mon–Fri',
          },
          {
            field: 'days.0.kind',
            message:
              '2026-10-01 is a weekday: a make-up working day (调休) must fall on a Saturday or Sunday',
          },
          { field: 'days.3.date', message: '2026-10-01 is listed twice' },
          { field: 'days.1.name', message: 'name must not be blank' },
          { field: 'days.1.name', message: 'name must have 1–50 characters' },
          { field: 'days.4.date', message: 'date must be written YYYY-MM-DD' },
          { field: 'days.5.other', message: 'something new' },
        ]),
      );
      expect(byRow.get(2)).toEqual([{ key: 'calendar.error.holidayOnWeekend' }]);
      expect(byRow.get(0)).toEqual([{ key: 'calendar.error.workdayOnWeekday' }]);
      expect(byRow.get(3)).toEqual([{ key: 'calendar.error.duplicate' }]);
      expect(byRow.get(1)).toEqual([{ key: 'calendar.error.name' }]);
      expect(byRow.get(4)).toEqual([{ key: 'calendar.error.date' }]);
      expect(byRow.get(5)).toEqual([{ text: 'something new' }]);
    });

    it('a message naming no row goes under -1; anything but an API error says nothing', () => {
      expect(rowErrors(refused([{ field: 'days', message: 'days must be a list' }])).get(-1)).toEqual([
        { text: 'days must be a list' },
      ]);
      expect(rowErrors(new Error('x')).size).toBe(0);
    });
  });
});
