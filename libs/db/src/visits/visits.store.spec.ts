import { trendBack } from './visits.store';

describe('trendBack', () => {
  const days = ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'];
  const now = { byStatus: { resumed: 6, full_capacity: 4 }, returnedHeadcount: 500 };

  it.each<[string, { day: string; resumed: number; returned: number }[], [number, number][]]>([
    [
      'no changes: flat at today',
      [],
      [
        [10, 500],
        [10, 500],
        [10, 500],
        [10, 500],
      ],
    ],
    [
      'a day before yesterday and today: each day is the next minus the next day’s change',
      [
        { day: '2026-11-28', resumed: 3, returned: 100 },
        { day: '2026-11-30', resumed: 2, returned: 50 },
      ],
      [
        [5, 350],
        [8, 450],
        [8, 450],
        [10, 500],
      ],
    ],
    [
      'a change outside the window counts nowhere',
      [{ day: '2026-11-01', resumed: 9, returned: 9 }],
      [
        [10, 500],
        [10, 500],
        [10, 500],
        [10, 500],
      ],
    ],
    [
      'a day that lost enterprises',
      [{ day: '2026-11-29', resumed: -2, returned: -40 }],
      [
        [12, 540],
        [12, 540],
        [10, 500],
        [10, 500],
      ],
    ],
  ])('%s', (_name, daily, want) => {
    expect(trendBack(now, daily, days).map((d) => [d.resumed, d.returnedHeadcount])).toEqual(want);
  });

  it('dates the days oldest first', () => {
    expect(trendBack(now, [], days).map((d) => d.date)).toEqual(days);
  });
});
