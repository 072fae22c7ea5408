import { Injectable } from '@nestjs/common';
import type { DailyReportDto } from '@taizhang/contracts';
import { ReportScope, isReportUnitInScope, listDailyReports, yesterdayInShanghai } from '@taizhang/db';
import { addLocalDays, isLocalDate } from '@taizhang/domain';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { DailyReportsQuery, MAX_DAYS } from './dto/daily-reports-query.dto';

/** 每日清零: the frozen daily figures, scoped by jurisdiction (a manager or coordinator: his unit and below). */
@Injectable()
export class DailyReportsService {
  constructor(private readonly ds: DataSource) {}

  async list(user: AuthUser, q: DailyReportsQuery, now = new Date()): Promise<DailyReportDto[]> {
    for (const f of ['from', 'to'] as const) {
      if (q[f] !== undefined && !isLocalDate(q[f])) throw ApiError.invalid(f, `"${q[f]}" is not a date`);
    }
    const to = q.to ?? yesterdayInShanghai(now);
    const from = q.from ?? addLocalDays(to, -30);
    if (from > to) throw ApiError.invalid('from', 'must not be after to');
    if (from < addLocalDays(to, -(MAX_DAYS - 1)))
      throw ApiError.invalid('from', `at most ${MAX_DAYS} days at a time`);

    if (user.role !== 'admin' && !user.unitId) return [];
    const scope: ReportScope =
      user.role === 'admin' ? { all: true } : { all: false, unitId: user.unitId as string };
    if (q.unitId && !(await isReportUnitInScope(this.ds, q.unitId, scope))) {
      throw new ApiError('REQUEST.NOT_FOUND', 'No town, county or city with this id in your jurisdiction');
    }
    const rows = await listDailyReports(this.ds, { from, to, scope, unitId: q.unitId });
    return rows.map((r) => ({
      unitId: r.unit_id,
      unitName: r.unit_name,
      unitKind: r.unit_kind,
      reportDate: r.report_date,
      opened: Number(r.opened),
      solved: Number(r.solved),
      pending: Number(r.pending),
      overdue: Number(r.overdue),
      frozenAt: new Date(r.frozen_at).toISOString(),
    }));
  }
}
