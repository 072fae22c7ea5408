import { Body, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { WorkCalendarDto } from '@taizhang/contracts';
import { AuthUser, CurrentUser, Roles, SignedInController } from '../../core/auth';
import { ReferenceCache } from '../reference/reference-cache.service';
import { CalendarService } from './calendar.service';
import { PutWorkCalendarDto } from './dto/calendar.dto';
import { WorkCalendar } from './dto/calendar.responses';

@SignedInController('administration', 'calendar')
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
