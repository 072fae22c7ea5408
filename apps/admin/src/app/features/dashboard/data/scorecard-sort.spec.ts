import type { ScorecardRowDto } from '@taizhang/contracts';
import { sortScorecard } from './scorecard-sort';

const row = (unitName: string, received: number, resolvedRate: number | null): ScorecardRowDto =>
  ({
    unitId: unitName,
    unitName,
    unitKind: 'town',
    received,
    rates: { resolved: resolvedRate, onTime: null, satisfaction: null },
  }) as ScorecardRowDto;

describe(sortScorecard.name, () => {
  const rows = [row('乙镇', 5, 0.5), row('甲镇', 9, null), row('丙镇', 5, 0.9)];
  it.each([
    ['received', 'desc', ['甲镇', '丙镇', '乙镇']],
    ['received', 'asc', ['丙镇', '乙镇', '甲镇']],
    ['rateResolved', 'desc', ['丙镇', '乙镇', '甲镇']],
    ['rateResolved', 'asc', ['乙镇', '丙镇', '甲镇']],
  ] as const)('by %s %s', (c, dir, names) => {
    expect(sortScorecard(rows, c, dir).map((r) => r.unitName)).toEqual(names);
  });
});
