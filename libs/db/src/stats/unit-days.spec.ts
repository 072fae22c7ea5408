import {
  bucketHours,
  caseFigures,
  eventDayDeltas,
  hoursBucketOfMs,
  HIST_BUCKETS,
  medianFromBuckets,
  unitDayDeltas,
  unitDayDeltasOf,
  UnitDayState,
} from './unit-days';

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
  ])('%s', (_, s, counts, want) => expect(caseFigures(s, counts)).toEqual(want));
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
        [ALL, '2026-11-30', 8, 1], // 12 h: bucket 8, [2^3.5 h, 2^4 h)
        [K, '2026-11-30', 8, 1],
        [B, '2026-11-30', 8, 1],
      ].sort(),
    );
  });
});

describe(unitDayDeltasOf.name, () => {
  const scope = [ALL, K, T];
  const open = { state: base, scope, agg: [ALL, K] };
  const resolved = {
    state: { ...base, status: 'resolved', resolvedAt: new Date('2026-11-30T05:00:00Z') },
    scope,
    agg: [ALL, K],
  };
  it('nets many changes together as their single deltas summed', () => {
    const second = { ...open, state: { ...base, openedAt: new Date('2026-11-29T18:00:00Z') } };
    const one = unitDayDeltas(null, open);
    const two = unitDayDeltasOf([
      { before: null, after: open },
      { before: null, after: second },
    ]);
    expect(two.days.sort()).toEqual(one.days.map(([u, d]) => [u, d, { received: 2 }]).sort());
  });
  it('leaves out what a change and its undoing cancel', () => {
    expect(
      unitDayDeltasOf([
        { before: open, after: resolved },
        { before: resolved, after: open },
      ]),
    ).toEqual({ days: [], hist: [] });
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

const H = 3_600_000;

describe(hoursBucketOfMs.name, () => {
  it.each([
    [0, 0],
    [H - 1, 0],
    [H, 1],
    [1.4 * H, 1],
    [Math.SQRT2 * H + 1, 2],
    [2 * H, 3],
    [12 * H, 8],
    [16 * H, 9],
    [2048 * H - 1, 22],
    [2048 * H, 23],
    [100_000 * H, 23],
  ])('%d ms: bucket %d', (ms, b) => expect(hoursBucketOfMs(ms)).toBe(b));

  it("puts every duration inside its bucket's hours", () => {
    for (let h = 0; h < 3000; h += 0.37) {
      const [lo, hi] = bucketHours(hoursBucketOfMs(h * H));
      expect(h >= lo - 1e-9 && (h < hi + 1e-9 || hi >= 2048)).toBe(true);
    }
  });
});

describe(medianFromBuckets.name, () => {
  const exactMedian = (hours: number[]) => {
    const s = [...hours].sort((a, b) => a - b);
    return (s[Math.floor((s.length - 1) / 2)] + s[Math.ceil((s.length - 1) / 2)]) / 2;
  };
  const buckets = (hours: number[]) => {
    const b = new Array<number>(HIST_BUCKETS).fill(0);
    for (const h of hours) b[hoursBucketOfMs(Math.floor(h * H))]++;
    return b;
  };
  /** The documented resolution: within a factor √2 from 1 h, within 1 h below (plus the 0.05 h rounding). */
  const withinResolution = (got: number, want: number) =>
    Math.abs(got - want) <= 1.05 || (got <= want * Math.SQRT2 + 0.05 && got >= want / Math.SQRT2 - 0.05);

  it('is null without resolved cases', () =>
    expect(medianFromBuckets(new Array(HIST_BUCKETS).fill(0))).toBeNull());

  it.each([
    ['one case of 12 h', [12]],
    ['two cases in different buckets', [3, 30]],
    ['all under an hour', [0.1, 0.2, 0.5, 0.9]],
    ['a long tail', [1, 2, 3, 5, 8, 400, 900, 3000]],
  ])('%s: within the bucket of the exact median', (_, hours) => {
    const got = medianFromBuckets(buckets(hours)) as number;
    expect({ hours, got, ok: withinResolution(got, exactMedian(hours)) }).toEqual({ hours, got, ok: true });
  });

  it('stays within the resolution on random samples, and close on average', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const errors: number[] = [];
    for (let t = 0; t < 300; t++) {
      const n = 1 + Math.floor(rnd() * 400);
      const scale = 2 + rnd() * 200;
      const hours = Array.from({ length: n }, () => -Math.log(1 - rnd()) * scale); // exponential
      const want = exactMedian(hours);
      const got = medianFromBuckets(buckets(hours)) as number;
      expect({ hours: hours.length, want, got, ok: withinResolution(got, want) }).toEqual({
        hours: hours.length,
        want,
        got,
        ok: true,
      });
      if (want >= 1) errors.push(Math.abs(got - want) / want);
    }
    // the interpolation makes the typical error far smaller than the bucket: under 5 % on average
    expect(errors.reduce((a, e) => a + e, 0) / errors.length).toBeLessThan(0.05);
  });
});
