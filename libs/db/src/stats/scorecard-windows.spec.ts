import { counterWindows } from './scorecard.store';

describe('counterWindows', () => {
  it('reads whole months from the months, the partial ones from the days, every day from the deltas', () => {
    expect(counterWindows({ from: '2026-09-15', to: '2026-11-20' })).toEqual({
      months: ['2026-10-01', '2026-11-01'],
      daysA: ['2026-09-15', '2026-10-01'],
      daysB: ['2026-11-01', '2026-11-21'],
      deltas: ['2026-09-15', '2026-11-21'],
    });
  });

  it('a range of whole months reads no days', () => {
    expect(counterWindows({ from: '2026-11-01', to: '2026-11-30' })).toEqual({
      months: ['2026-11-01', '2026-12-01'],
      daysA: ['2026-11-01', '2026-11-01'],
      daysB: ['2026-12-01', '2026-12-01'],
      deltas: ['2026-11-01', '2026-12-01'],
    });
    expect(counterWindows({ from: '2026-12-01', to: '2026-12-31' }).months).toEqual([
      '2026-12-01',
      '2027-01-01',
    ]);
  });

  it('a range inside one month (or across one month end) reads days only', () => {
    const none = ['infinity', 'infinity'];
    expect(counterWindows({ from: '2026-11-05', to: '2026-11-20' })).toEqual({
      months: none,
      daysA: ['2026-11-05', '2026-11-21'],
      daysB: none,
      deltas: ['2026-11-05', '2026-11-21'],
    });
    expect(counterWindows({ from: '2026-10-20', to: '2026-11-10' }).daysA).toEqual([
      '2026-10-20',
      '2026-11-11',
    ]);
  });

  it('open ends are infinite', () => {
    expect(counterWindows({ from: null, to: null })).toEqual({
      months: ['-infinity', 'infinity'],
      daysA: ['-infinity', '-infinity'],
      daysB: ['infinity', 'infinity'],
      deltas: ['-infinity', 'infinity'],
    });
    expect(counterWindows({ from: '2026-02-10', to: null })).toEqual({
      months: ['2026-03-01', 'infinity'],
      daysA: ['2026-02-10', '2026-03-01'],
      daysB: ['infinity', 'infinity'],
      deltas: ['2026-02-10', 'infinity'],
    });
    expect(counterWindows({ from: null, to: '2026-02-28' })).toEqual({
      months: ['-infinity', '2026-03-01'],
      daysA: ['-infinity', '-infinity'],
      daysB: ['2026-03-01', '2026-03-01'],
      deltas: ['-infinity', '2026-03-01'],
    });
  });
});
