import { ApiProperty } from '@nestjs/swagger';
import type { WorkCalendarDto } from '@taizhang/contracts';
import { CalendarDayItem } from './calendar.dto';

export class WorkCalendar implements WorkCalendarDto {
  @ApiProperty({
    type: String,
    format: 'date',
    isArray: true,
    description: 'the holidays’ dates (derived from `days`)',
  })
  holidays!: string[];
  @ApiProperty({
    type: String,
    format: 'date',
    isArray: true,
    description: 'the make-up workdays’ dates (derived from `days`)',
  })
  makeupWorkdays!: string[];
  @ApiProperty({ type: CalendarDayItem, isArray: true }) days!: CalendarDayItem[];
}
