import { Injectable } from '@nestjs/common';
import { setXlsxHeaders } from '../../core/xlsx-download';
import {
  ALL_SCOPE,
  DayRange,
  ScorecardRow as CounterRow,
  medianFromBuckets,
  readScorecard,
  readUnitScorecard,
} from '@taizhang/db';
import { isLocalDate } from '@taizhang/domain';
import { openXlsxSheet } from '@taizhang/xlsx';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { RangeQuery } from './dto/range-query.dto';
import { PeriodFigures, ScorecardResponse, ScorecardRow } from './dto/scorecard.responses';

/** The range asked for, checked (400 for a day that does not exist or a range backwards). */
export function dayRange(q: RangeQuery): DayRange {
  for (const f of ['from', 'to'] as const) {
    if (q[f] !== undefined && !isLocalDate(q[f])) throw ApiError.invalid(f, `"${q[f]}" is not a date`);
  }
  if (q.from && q.to && q.from > q.to) throw ApiError.invalid('from', 'must not be after to');
  return { from: q.from ?? null, to: q.to ?? null };
}

const share = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

/** Counter sums as the answer's figures and rates. */
export function periodFigures(r: CounterRow): PeriodFigures {
  return {
    received: r.received,
    resolved: r.resolved,
    closed: r.closed,
    cancelled: r.cancelled,
    pending: Math.max(0, r.received - r.resolved - r.cancelled),
    resolvedOnTime: r.on_time,
    overdue: r.overdue,
    rated: r.rated,
    avgRating: r.rated ? Math.round((r.rating_sum / r.rated) * 100) / 100 : null,
    medianHoursToResolve: medianFromBuckets(r.hist),
    rates: {
      resolved: share(r.resolved, r.received - r.cancelled),
      onTime: share(r.on_time, r.resolved),
      satisfaction: share(r.rated_good, r.rated),
    },
  };
}

const COLUMNS: [string, number, (r: ScorecardRow) => string | number | null][] = [
  ['单位', 24, (r) => r.unitName],
  ['类型', 8, (r) => (r.unitKind === 'town' ? '乡镇' : '部门')],
  ['收件', 8, (r) => r.received],
  ['已办结', 8, (r) => r.resolved],
  ['其中已销号', 10, (r) => r.closed],
  ['已撤销', 8, (r) => r.cancelled],
  ['按期办结', 10, (r) => r.resolvedOnTime],
  ['超期未办结', 10, (r) => r.overdue],
  ['办结率', 8, (r) => r.rates.resolved],
  ['按期办结率', 10, (r) => r.rates.onTime],
  ['办结用时中位数(小时)', 18, (r) => r.medianHoursToResolve],
  ['平均评分', 8, (r) => r.avgRating],
  ['满意率', 8, (r) => r.rates.satisfaction],
  ['被督办', 8, (r) => r.urged],
  ['退回', 8, (r) => r.returned],
  ['延期', 8, (r) => r.extensions],
];

/**
 * 考核排名: per town and bureau under a unit, over a range of opening days, from counters kept in the case
 * change's transaction (libs/db stats/unit-days): one statement, whatever the number of cases.
 */
@Injectable()
export class ScorecardService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The unit whose scorecard the caller asks for (null: everything, for an admin) and the unit it must lie
   * within (null: anywhere); the statement that reads the scorecard checks it (404 outside his reach).
   */
  parentFor(user: AuthUser, unitId?: string): { parent: string | null; within: string | null } {
    if (!unitId) {
      if (user.role === 'admin') return { parent: null, within: null };
      if (!user.unitId) throw new ApiError('AUTH.FORBIDDEN', 'You have no unit to rate');
      return { parent: user.unitId, within: null };
    }
    if (user.role === 'admin') return { parent: unitId, within: null };
    if (!user.unitId) throw new ApiError('REQUEST.NOT_FOUND', 'No unit with this id in your jurisdiction');
    return { parent: unitId, within: user.unitId };
  }

  async scorecard(user: AuthUser, q: RangeQuery): Promise<ScorecardResponse> {
    const range = dayRange(q);
    const { parent, within } = this.parentFor(user, q.unitId);
    // the jurisdiction check, the towns and bureaus under the unit and their counters: one round trip
    const rows = await readUnitScorecard(this.ds, parent, within, range);
    if (!rows) throw new ApiError('REQUEST.NOT_FOUND', 'No unit with this id in your jurisdiction');
    return {
      unitId: parent,
      range,
      items: rows.map((r) => ({
        unitId: r.unitId,
        unitName: r.unitName,
        unitKind: r.kind as 'town' | 'bureau',
        ...periodFigures(r),
        urged: r.urged,
        returned: r.returned,
        extensions: r.extensions,
      })),
    };
  }

  /** The figures of one scope unit (ALL for null) over a range: the summary's period and rates. */
  async period(scope: string | null, range: DayRange): Promise<PeriodFigures> {
    const [r] = await readScorecard(this.ds, [scope ?? ALL_SCOPE], range);
    return periodFigures(r);
  }

  async writeXlsx(user: AuthUser, q: RangeQuery, res: Response): Promise<void> {
    const card = await this.scorecard(user, q);
    const span = `${card.range.from ?? '起'}至${card.range.to ?? '今'}`;
    setXlsxHeaders(res, `考核排名-${span}.xlsx`);
    const sheet = openXlsxSheet(res, {
      sheetName: '考核排名',
      columns: COLUMNS.map(([header, width]) => ({ header, width })),
    });
    await sheet.addRows(card.items.map((r) => COLUMNS.map(([, , get]) => get(r))));
    await sheet.finish();
  }
}
