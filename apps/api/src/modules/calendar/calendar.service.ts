import { Injectable } from '@nestjs/common';
import type { WorkCalendarDto } from '@taizhang/contracts';
import { readCalendarDays, replaceCalendarDays } from '@taizhang/db';
import { checkCalendar } from '@taizhang/domain';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { AuditService } from '../audit/audit.service';
import { PutWorkCalendarDto } from './dto/calendar.dto';

/** The working-time calendar (holidays and make-up working days) that deadlines are computed on. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<WorkCalendarDto> {
    const days = await readCalendarDays(this.ds);
    return {
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.date),
      makeupWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.date),
      days,
    };
  }

  /** Replace the whole calendar (one transaction). Deadlines already set stay; new ones use it. */
  async put(actor: AuthUser, dto: PutWorkCalendarDto): Promise<WorkCalendarDto> {
    const check = checkCalendar(dto.days);
    if (!check.ok) throw ApiError.invalid(`days.${check.index ?? 0}.${check.field ?? 'date'}`, check.message);
    // the GET shape sent back: its derived lists must say what `days` says
    for (const [field, kind] of [
      ['holidays', 'holiday'],
      ['makeupWorkdays', 'workday'],
    ] as const) {
      const sent = dto[field];
      const want = dto.days
        .filter((d) => d.kind === kind)
        .map((d) => d.date)
        .sort();
      if (sent && JSON.stringify([...sent].sort()) !== JSON.stringify(want)) {
        throw ApiError.invalid(field, `must list the dates of the ${kind} days in \`days\` (or be left out)`);
      }
    }
    const before = (await this.get()).days;
    await this.ds.transaction(async (m) => {
      const after = dto.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name.trim() }));
      await this.audit.record(m, actor, 'calendar', null, 'replace', before, after);
      await replaceCalendarDays(m, after);
    });
    return this.get();
  }
}
