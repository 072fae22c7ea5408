import { Body, Controller, Get, Injectable, Module, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkCalendar } from './calendar.responses';
import type { CalendarDayDto, WorkCalendarDto } from '@taizhang/contracts';
import { checkCalendar } from '@taizhang/domain';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser, Roles } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { AuditService } from '../audit/audit.service';
import { PutWorkCalendarDto } from './calendar.dto';
import { CasesModule } from '../cases/cases.module';
import { ReferenceCache } from '../cases/reference-cache';

@Injectable()
export class CalendarService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<WorkCalendarDto> {
    const rows: { day: string; kind: CalendarDayDto['kind']; name: string }[] = await this.ds.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM work_calendar_days ORDER BY day`,
    );
    const days = rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name }));
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
      await m.query(`DELETE FROM work_calendar_days`);
      if (dto.days.length) {
        await m.query(
          `INSERT INTO work_calendar_days (day, kind, name) SELECT * FROM unnest($1::date[], $2::text[], $3::text[])`,
          [dto.days.map((d) => d.date), dto.days.map((d) => d.kind), dto.days.map((d) => d.name.trim())],
        );
      }
    });
    return this.get();
  }
}

@ApiTags('administration')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly refs: ReferenceCache,
  ) {}

  @Get()
  @ApiOkResponse({ type: WorkCalendar })
  @ApiOperation({
    operationId: 'getCalendar',
    summary:
      'The working-time calendar: holidays on Mon–Fri and make-up working days (调休) on Sat/Sun, with names',
  })
  get(): Promise<WorkCalendarDto> {
    return this.calendar.get();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({
    operationId: 'replaceCalendar',
    summary: 'Replace the working-time calendar (admin)',
    description:
      'A holiday must fall on Mon–Fri, a make-up workday on Sat/Sun; each date once. Applies to deadlines computed afterwards. ' +
      'Takes the calendar as GET answers it; `holidays` and `makeupWorkdays` may be left out, and if sent must agree with `days`.',
  })
  @ApiOkResponse({ type: WorkCalendar })
  async put(@CurrentUser() actor: AuthUser, @Body() dto: PutWorkCalendarDto): Promise<WorkCalendarDto> {
    const out = await this.calendar.put(actor, dto);
    this.refs.invalidate();
    return out;
  }
}

@Module({ imports: [CasesModule], controllers: [CalendarController], providers: [CalendarService] })
export class CalendarModule {}
