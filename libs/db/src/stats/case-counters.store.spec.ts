import { ALL_SCOPE, StatsState, caseStatsDeltas, caseStatsDeltasOf } from './case-counters.store';

const TOWN = '11111111-1111-4111-8111-111111111111';
const BUREAU = '22222222-2222-4222-8222-222222222222';
const opened = new Date('2026-11-20T02:00:00Z'); // 10:00 in Shanghai
const state = (over: Partial<StatsState> = {}): StatsState => ({
  categoryCode: 'labor',
  level: 0,
  status: 'in_progress',
  overdue: false,
  openedAt: opened,
  resolvedAt: null,
  ...over,
});

describe(caseStatsDeltas.name, () => {
  it.each([
    [
      'a new case counts once in every scope',
      null,
      { state: state({ status: 'open' }), scope: [ALL_SCOPE, TOWN] },
      [
        [ALL_SCOPE, 'labor', 0, 'open', false, 1],
        [TOWN, 'labor', 0, 'open', false, 1],
      ],
    ],
    [
      'marking overdue moves the count between two counters',
      { state: state(), scope: [TOWN] },
      { state: state({ overdue: true }), scope: [TOWN] },
      [
        [TOWN, 'labor', 0, 'in_progress', false, -1],
        [TOWN, 'labor', 0, 'in_progress', true, 1],
      ],
    ],
    [
      'an escalation adds the bureau to the scope and leaves the opening day alone',
      { state: state({ overdue: true }), scope: [TOWN] },
      { state: state({ level: 1, status: 'escalated' }), scope: [TOWN, BUREAU] },
      [
        [TOWN, 'labor', 0, 'in_progress', true, -1],
        [TOWN, 'labor', 1, 'escalated', false, 1],
        [BUREAU, 'labor', 1, 'escalated', false, 1],
      ],
    ],
  ])('%s', (_name, before, after, stats) => {
    expect(caseStatsDeltas(before, after).stats).toEqual(stats);
  });

  it('counts the opening day in Shanghai time, and a solve in its day and its histogram bucket', () => {
    const d = caseStatsDeltas(
      { state: state(), scope: [TOWN] },
      { state: state({ status: 'resolved', resolvedAt: new Date('2026-11-20T17:30:00Z') }), scope: [TOWN] },
    );
    expect(d.daily).toEqual([[TOWN, '2026-11-21', 0, 1]]); // 01:30 the next day in Shanghai
    expect(d.hist).toEqual([[TOWN, 155, 1]]); // 15.5 h in tenths of an hour
  });
});

describe(caseStatsDeltasOf.name, () => {
  const overdue = {
    before: { state: state(), scope: [TOWN] },
    after: { state: state({ overdue: true }), scope: [TOWN] },
  };
  const back = {
    before: { state: state({ overdue: true }), scope: [TOWN] },
    after: { state: state(), scope: [TOWN] },
  };
  it('nets the same counter over several changes and drops what cancels out', () => {
    expect(caseStatsDeltasOf([overdue, overdue]).stats).toEqual([
      [TOWN, 'labor', 0, 'in_progress', false, -2],
      [TOWN, 'labor', 0, 'in_progress', true, 2],
    ]);
    expect(caseStatsDeltasOf([overdue, back])).toEqual({ stats: [], daily: [], hist: [] });
  });

  it('adds daily and histogram rows of different cases', () => {
    const solve = (h: number) => ({
      before: { state: state(), scope: [TOWN] },
      after: {
        state: state({ status: 'resolved', resolvedAt: new Date(opened.getTime() + h * 3600_000) }),
        scope: [TOWN],
      },
    });
    const m = caseStatsDeltasOf([solve(1), solve(1), solve(2)]);
    expect(m.daily).toEqual([[TOWN, '2026-11-20', 0, 3]]);
    expect(m.hist).toEqual([
      [TOWN, 10, 2],
      [TOWN, 20, 1],
    ]);
  });

  it('equals one change at a time (caseStatsDeltas)', () => {
    expect(caseStatsDeltasOf([overdue])).toEqual(caseStatsDeltas(overdue.before, overdue.after));
  });
});
