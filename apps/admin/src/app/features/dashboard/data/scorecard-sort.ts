import type { ScorecardRowDto } from '@taizhang/contracts';

/** The columns of the scorecard a manager can sort by. */
export const SCORECARD_COLUMNS = [
  'received',
  'resolved',
  'closed',
  'cancelled',
  'resolvedOnTime',
  'overdue',
  'rateResolved',
  'rateOnTime',
  'medianHoursToResolve',
  'avgRating',
  'rateSatisfaction',
  'urged',
  'returned',
  'extensions',
] as const;
export type ScorecardColumn = (typeof SCORECARD_COLUMNS)[number] | 'unitName';
export type SortDir = 'asc' | 'desc';

export function scorecardValue(r: ScorecardRowDto, c: ScorecardColumn): number | string | null {
  switch (c) {
    case 'unitName':
      return r.unitName;
    case 'rateResolved':
      return r.rates.resolved;
    case 'rateOnTime':
      return r.rates.onTime;
    case 'rateSatisfaction':
      return r.rates.satisfaction;
    default:
      return r[c];
  }
}

/** Rows sorted by a column; empty values (no rate) always last, ties by unit name. */
export function sortScorecard(
  rows: readonly ScorecardRowDto[],
  c: ScorecardColumn,
  dir: SortDir,
): ScorecardRowDto[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = scorecardValue(a, c);
    const y = scorecardValue(b, c);
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    const byValue =
      x === null || y === null
        ? 0
        : typeof x === 'string'
          ? x.localeCompare(String(y), 'zh-CN')
          : x - (y as number);
    return byValue !== 0 ? sign * byValue : a.unitName.localeCompare(b.unitName, 'zh-CN');
  });
}
