import { Injectable } from '@nestjs/common';
import { setXlsxHeaders } from '../../core/xlsx-download';
import type { Page } from '@taizhang/contracts';
import {
  VisitView,
  enterpriseVisits,
  insertVisit,
  lockEnterpriseForVisit,
  resumptionHistory,
  unitKind,
  unitWithin,
  visitById,
  visitDashboard,
  visitLedgerBatches,
} from '@taizhang/db';
import { OutputClosedError, openXlsxSheet } from '@taizhang/xlsx';
import {
  EnterpriseFigures,
  checkVisit,
  mayRecordVisit,
  parseShanghaiInstant,
  shanghaiDate,
  shanghaiDateTime,
} from '@taizhang/domain';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError, fromRefusal } from '../../core/errors';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { RecordVisitDto } from './dto/record-visit.dto';
import { ExportVisitsQuery, ListVisitsQuery } from './dto/visits-query.dto';
import { ResumptionChange, Visit, VisitsDashboard } from './dto/visits.responses';

const RESUMPTION_ZH: Record<string, string> = {
  not_resumed: '未复工',
  resumed: '已复工',
  full_capacity: '满负荷',
};

/**
 * Visits (走访): recorded by an enterprise's instructors (or its town's coordinators), read on the enterprise's
 * page, counted on the manager's dashboard and exported as a ledger. Rules in libs/domain visit.policy, SQL in
 * libs/db visits.store.
 */
@Injectable()
export class VisitsService {
  constructor(
    private readonly ds: DataSource,
    private readonly enterprises: EnterprisesService,
  ) {}

  async record(user: AuthUser, enterpriseId: string, dto: RecordVisitDto, now = new Date()): Promise<Visit> {
    // an enterprise the caller cannot see is a 404, whatever the body
    await this.enterprises.get(user, enterpriseId);
    const id = await this.ds.transaction(async (m) => {
      const e = await lockEnterpriseForVisit(m, enterpriseId, user.id);
      if (!e) throw new ApiError('ENTERPRISE.NOT_FOUND', 'No enterprise with this id in your jurisdiction');
      const allowed = mayRecordVisit({
        role: user.role,
        isEnterpriseInstructor: e.mine,
        coordinatesEnterpriseTown: user.role === 'coordinator' && user.unitId === e.town_id,
      });
      if (!allowed.ok) throw fromRefusal(allowed);
      const current: EnterpriseFigures = {
        resumption: e.resumption as EnterpriseFigures['resumption'],
        headcount: Number(e.headcount),
        returnedHeadcount: Number(e.returned_headcount),
      };
      const checked = checkVisit(
        {
          // without an offset, the phone's local time (Shanghai), not UTC
          visitedAt: parseShanghaiInstant(dto.visitedAt),
          note: dto.note,
          ...(dto.resumption !== undefined ? { resumption: dto.resumption } : {}),
          ...(dto.returnedHeadcount !== undefined ? { returnedHeadcount: dto.returnedHeadcount } : {}),
          ...(dto.problemsRaised !== undefined ? { problemsRaised: dto.problemsRaised } : {}),
        },
        current,
        now,
      );
      if (!checked.ok) throw fromRefusal(checked);
      const v = checked.visit;
      return insertVisit(m, {
        enterpriseId,
        townId: e.town_id,
        visitorId: user.id,
        visitedAt: v.visitedAt,
        note: v.note,
        problemsRaised: v.problemsRaised,
        resumption: dto.resumption ?? null,
        returnedHeadcount: dto.returnedHeadcount ?? null,
        figures: v.figures,
      });
    });
    return (await visitById(this.ds, id)) as Visit;
  }

  async list(user: AuthUser, enterpriseId: string, q: ListVisitsQuery): Promise<Page<Visit>> {
    await this.enterprises.get(user, enterpriseId);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await enterpriseVisits(this.ds, enterpriseId, page, pageSize);
    return { items, total, page, pageSize };
  }

  async history(user: AuthUser, enterpriseId: string): Promise<Page<ResumptionChange>> {
    await this.enterprises.get(user, enterpriseId);
    const items = (await resumptionHistory(this.ds, enterpriseId, 100)) as ResumptionChange[];
    return { items, total: items.length, page: 1, pageSize: 100 };
  }

  /**
   * The unit whose visits a manager (his unit and below), a coordinator (his town) or an admin (anything;
   * default everything) reads. A unit that does not exist or lies outside is a 404.
   */
  private async scope(user: AuthUser, unitId?: string): Promise<string | null> {
    if (user.role === 'admin') {
      if (unitId && !(await unitKind(this.ds, unitId)))
        throw new ApiError('REQUEST.NOT_FOUND', 'No unit with this id');
      return unitId ?? null;
    }
    if (!user.unitId) throw new ApiError('AUTH.FORBIDDEN', 'You have no unit: ask an admin to set one');
    if (!unitId) return user.unitId;
    if (!(await unitWithin(this.ds, unitId, user.unitId))) {
      throw new ApiError('REQUEST.NOT_FOUND', 'No unit with this id in your jurisdiction');
    }
    return unitId;
  }

  async dashboard(user: AuthUser, unitId?: string, now = new Date()): Promise<VisitsDashboard> {
    const scope = await this.scope(user, unitId);
    const d = await visitDashboard(this.ds, scope, now);
    return { unitId: scope, ...d.totals, byTown: d.byTown, byInstructor: d.byInstructor };
  }

  /** The visit ledger (走访台账) as an Excel workbook, streamed in keyset batches. */
  async export(user: AuthUser, q: ExportVisitsQuery, res: Response): Promise<number> {
    const scope = await this.scope(user, q.unitId);
    const from = q.from ? parseShanghaiInstant(q.from) : null;
    const to = q.to ? parseShanghaiInstant(q.to) : null;
    if (from && to && from >= to) throw ApiError.invalid('to', 'must be after from');
    setXlsxHeaders(res, `走访台账-${shanghaiDate(new Date())}.xlsx`);
    const sheet = openXlsxSheet(res, {
      sheetName: '走访台账',
      columns: [
        { header: '走访时间', width: 18 },
        { header: '镇街', width: 12 },
        { header: '企业', width: 30 },
        { header: '走访人', width: 12 },
        { header: '情况记录', width: 50 },
        { header: '反映问题数', width: 10 },
        { header: '复工状态', width: 10 },
        { header: '返岗人数', width: 10 },
        { header: '登记问题', width: 10 },
      ],
    });
    let count = 0;
    try {
      for await (const batch of visitLedgerBatches(this.ds, scope, from, to)) {
        await sheet.addRows(batch.map((v) => ledgerRow(v)));
        count += batch.length;
      }
      await sheet.finish();
      return count;
    } catch (err) {
      if (err instanceof OutputClosedError) return count;
      if (!res.headersSent) res.removeHeader('Content-Disposition');
      throw err;
    }
  }
}

function ledgerRow(v: VisitView): (string | number | null)[] {
  return [
    shanghaiDateTime(new Date(v.visitedAt)),
    v.townName,
    v.enterpriseName,
    v.visitorName,
    v.note,
    v.problemsRaised,
    v.resumption ? (RESUMPTION_ZH[v.resumption] ?? v.resumption) : null,
    v.returnedHeadcount,
    v.caseIds.length,
  ];
}
