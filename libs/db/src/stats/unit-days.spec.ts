import { caseFigures, eventDayDeltas, unitDayDeltas, UnitDayState } from './unit-days';

const T = 'town',
  B = 'bureau',
  K = 'county',
  ALL = 'all';
const base: UnitDayState = {
  status: 'open',
  overdue: false,
  openedAt: new Date('2026-11-29T17:00:00Z'), // 2026-11-30 01:00 in Shanghai
  resolvedAt: null,
  resolveBy: new Date('2026-12-05T00:00:00Z'),
  rating: null,
  unitId: T,
};

describe(caseFigures.name, () => {
  it.each([
    ['open, counted', base, true, { received: 1 }],
    [
      'resolved on time',
      { ...base, status: 'resolved', resolvedAt: new Date('2026-12-01T00:00:00Z') },
      true,
      { received: 1, resolved: 1, on_time: 1 },
    ],
    [
      'closed late, rated 4',
      { ...base, status: 'closed', resolvedAt: new Date('2026-12-06T00:00:00Z'), rating: 4 },
      true,
      { received: 1, resolved: 1, closed: 1, rated: 1, rating_sum: 4, rated_good: 1 },
    ],
    ['cancelled', { ...base, status: 'cancelled' }, true, { received: 1, cancelled: 1 }],
    [
      'overdue and pending',
      { ...base, status: 'in_progress', overdue: true },
      true,
      { received: 1, overdue: 1 },
    ],
    [
      'overdue but resolved',
      { ...base, status: 'resolved', overdue: true, resolvedAt: new Date('2026-12-01T00:00:00Z') },
      true,
      { received: 1, resolved: 1, on_time: 1 },
    ],
    [
      'held before, not now',
      { ...base, status: 'closed', resolvedAt: new Date('2026-12-01T00:00:00Z') },
      false,
      { received: 1 },
    ],
  ])('%s', (_, s, counts, want) => expect(caseFigures(s as UnitDayState, counts)).toEqual(want));
});

describe(unitDayDeltas.name, () => {
  it('moves the state figures from the town to the bureau and keeps received for both', () => {
    const scope = [ALL, K, T];
    const d = unitDayDeltas(
      { state: base, scope, agg: [ALL, K] },
      {
        state: { ...base, status: 'resolved', unitId: B, resolvedAt: new Date('2026-11-30T05:00:00Z') },
        scope: [...scope, B],
        agg: [ALL, K],
      },
    );
    expect(d.days.sort()).toEqual(
      [
        [ALL, '2026-11-30', { resolved: 1, on_time: 1 }],
        [K, '2026-11-30', { resolved: 1, on_time: 1 }],
        [B, '2026-11-30', { received: 1, resolved: 1, on_time: 1 }],
      ].sort(),
    );
    expect(d.hist.sort()).toEqual(
      [
        [ALL, '2026-11-30', 12, 1],
        [K, '2026-11-30', 12, 1],
        [B, '2026-11-30', 12, 1],
      ].sort(),
    );
  });
});

describe(eventDayDeltas.name, () => {
  it('counts urges, returns and approved extensions on the event day for the holder, nothing else', () => {
    const at = new Date('2026-11-30T16:30:00Z'); // 12-01 in Shanghai
    expect(
      eventDayDeltas([
        { type: 'urge', fromUnitId: B, at },
        { type: 'urge', fromUnitId: B, at },
        { type: 'return', fromUnitId: B, at },
        { type: 'approve_extension', fromUnitId: T, at },
        { type: 'comment', fromUnitId: T, at },
      ]).days,
    ).toEqual([
      [B, '2026-12-01', { urged: 2, returned: 1 }],
      [T, '2026-12-01', { extensions: 1 }],
    ]);
  });
});
