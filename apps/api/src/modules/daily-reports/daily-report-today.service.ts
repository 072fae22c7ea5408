import { Injectable } from '@nestjs/common';
import { setXlsxHeaders } from '../../core/xlsx-download';
import { PAST_DAY_FIGURES, dailyFigureCases, liveDailyFigures, unitIsWithin } from '@taizhang/db';
import { openXlsxSheet } from '@taizhang/xlsx';
import { isLocalDate, shanghaiDate } from '@taizhang/domain';
import { DAILY_FIGURES, type DailyFigure, type DailyReportDto } from '@taizhang/contracts';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { DailyReportCase, DailyReportToday } from './dto/daily-reports.responses';

/** 每日清零, live: today's figures of a unit, the cases behind a figure, and the report as a workbook. */
@Injectable()
export class DailyReportTodayService {
  constructor(private readonly ds: DataSource) {}

  /** The unit asked for (default: the caller's), within his jurisdiction; 404 otherwise. */
  private async unitFor(user: AuthUser, unitId?: string): Promise<string> {
    const id = unitId ?? user.unitId;
    if (!id) throw ApiError.invalid('unitId', 'required (you have no unit of your own)');
    if (user.role !== 'admin' && !user.unitId)
      throw new ApiError('REQUEST.NOT_FOUND', 'No town, county or city with this id in your jurisdiction');
    if (!(await unitIsWithin(this.ds, id, user.role === 'admin' ? null : user.unitId)))
      throw new ApiError('REQUEST.NOT_FOUND', 'No town, county or city with this id in your jurisdiction');
    return id;
  }

  async today(user: AuthUser, unitId: string | undefined, now = new Date()): Promise<DailyReportToday> {
    const id = await this.unitFor(user, unitId);
    const figures = await liveDailyFigures(this.ds, id, now);
    if (!figures)
      throw new ApiError('REQUEST.NOT_FOUND', 'No town, county or city with this id in your jurisdiction');
    return { unitId: id, reportDate: shanghaiDate(now), asOf: now.toISOString(), ...figures };
  }

  async cases(
    user: AuthUser,
    q: { unitId?: string; date?: string; figure: string },
    now = new Date(),
  ): Promise<DailyReportCase[]> {
    if (!(DAILY_FIGURES as readonly string[]).includes(q.figure))
      throw ApiError.invalid('figure', `one of ${DAILY_FIGURES.join(', ')}`);
    const today = shanghaiDate(now);
    const day = q.date ?? today;
    if (!isLocalDate(day)) throw ApiError.invalid('date', `"${day}" is not a date`);
    if (day > today) throw ApiError.invalid('date', 'must not be in the future');
    const figure = q.figure as DailyFigure;
    if (day !== today && !PAST_DAY_FIGURES.includes(figure))
      throw ApiError.invalid(
        'figure',
        `a past day's ${figure} is frozen: drill down into ${PAST_DAY_FIGURES.join(', ')} only`,
      );
    const id = await this.unitFor(user, q.unitId);
    const rows = await dailyFigureCases(this.ds, id, day, figure, now);
    if (!rows)
      throw new ApiError('REQUEST.NOT_FOUND', 'No town, county or city with this id in your jurisdiction');
    return rows;
  }

  /** Today's live row, then the frozen days (newest first), as 每日清零-<unit>.xlsx. */
  async writeXlsx(
    user: AuthUser,
    frozen: DailyReportDto[],
    unitId: string | undefined,
    res: Response,
    now = new Date(),
  ): Promise<void> {
    const live = await this.today(user, unitId, now);
    setXlsxHeaders(res, `每日清零-${live.reportDate}.xlsx`);
    const sheet = openXlsxSheet(res, {
      sheetName: '每日清零',
      columns: [
        { header: '日期', width: 12 },
        { header: '单位', width: 20 },
        { header: '新登记', width: 8 },
        { header: '已响应', width: 8 },
        { header: '已解决', width: 8 },
        { header: '未办结', width: 8 },
        { header: '超一天未办结', width: 12 },
        { header: '超期', width: 8 },
        { header: '说明', width: 22 },
      ],
    });
    await sheet.addRows([
      [
        live.reportDate,
        live.unitName,
        live.opened,
        live.answered,
        live.solved,
        live.pending,
        live.pendingOverDay,
        live.overdue,
        `实时（截至 ${live.asOf}）`,
      ],
      ...frozen
        .filter((r) => r.unitId === live.unitId)
        .map((r) => [
          r.reportDate,
          r.unitName,
          r.opened,
          null,
          r.solved,
          r.pending,
          null,
          r.overdue,
          '已生成（冻结）',
        ]),
    ]);
    await sheet.finish();
  }
}
