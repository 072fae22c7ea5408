import { addDays, isDate, shanghaiDate } from './day';

describe('days (Asia/Shanghai)', () => {
  it('takes the local date at UTC+8: 16:30 UTC is already the next day', () => {
    expect(shanghaiDate(new Date('2026-03-01T15:59:00Z'))).toBe('2026-03-01');
    expect(shanghaiDate(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
  });

  it('adds days across months and leap years; checks dates', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-30', -29)).toBe('2026-03-01');
    expect(isDate('2026-02-30')).toBe(false);
    expect(isDate('2026-2-3')).toBe(false);
    expect(isDate('2026-02-03')).toBe(true);
  });
});
