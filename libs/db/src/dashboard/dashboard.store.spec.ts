import { CountersRow, LiveCountersRow, netCounters, netted, nettedDaily } from './dashboard.store';

describe(netted.name, () => {
  it.each<[string, { k: string; n: number | null }[], { k: string; n: number }[]]>([
    [
      'sums per key',
      [
        { k: 'a', n: 2 },
        { k: 'a', n: -1 },
        { k: 'b', n: 1 },
      ],
      [
        { k: 'a', n: 1 },
        { k: 'b', n: 1 },
      ],
    ],
    [
      'drops what nets to zero',
      [
        { k: 'a', n: 2 },
        { k: 'a', n: -2 },
      ],
      [],
    ],
    [
      'skips rows without a count',
      [
        { k: 'a', n: null },
        { k: 'a', n: 3 },
      ],
      [{ k: 'a', n: 3 }],
    ],
  ])('%s', (_name, rows, expected) => {
    const before = JSON.stringify(rows);
    expect(netted(rows, (r) => r.k)).toEqual(expected);
    expect(JSON.stringify(rows)).toBe(before); // the (cached) inputs are not changed
  });
});

describe(nettedDaily.name, () => {
  it('adds opened and solved per day', () => {
    expect(
      nettedDaily([
        { day: '2026-01-01', opened: 1, solved: 0 },
        { day: '2026-01-01', opened: 2, solved: 1 },
        { day: '2026-01-02', opened: 0, solved: 1 },
      ]),
    ).toEqual([
      { day: '2026-01-01', opened: 3, solved: 1 },
      { day: '2026-01-02', opened: 0, solved: 1 },
    ]);
  });
});

describe(netCounters.name, () => {
  const base: CountersRow = {
    gen: '1',
    buckets: [{ category_code: 'labor', level: 0, status: 'open', overdue: false, n: 2 }],
    towns: [
      { id: 't1', status: 'open', overdue: false, n: 2 },
      { id: 'gone', status: 'open', overdue: false, n: 5 },
    ],
    daily: [{ day: '2026-01-01', opened: 2, solved: 0 }],
    hist: [{ bucket: 3, n: 1 }],
  };
  const live: LiveCountersRow = {
    gen: '1',
    kind: 'county',
    within: true,
    buckets: [{ category_code: 'labor', level: 0, status: 'open', overdue: false, n: -1 }],
    towns: [
      { id: 't1', name: '一镇', status: 'open', overdue: false, n: 1 },
      { id: 't2', name: '二镇', status: null, overdue: null, n: 0 },
    ],
    daily: [],
    hist: [{ bucket: 3, n: 1 }],
  };
  it('adds compacted rows and deltas, names the towns and drops the unnamed and the empty', () => {
    const c = netCounters(base, live);
    expect(c.buckets).toEqual([{ category_code: 'labor', level: 0, status: 'open', overdue: false, n: 1 }]);
    expect(c.towns).toEqual([{ id: 't1', name: '一镇', status: 'open', overdue: false, n: 3 }]);
    expect(c.daily).toEqual(base.daily);
    expect(c.hist).toEqual([{ bucket: 3, n: 2 }]);
  });
});
