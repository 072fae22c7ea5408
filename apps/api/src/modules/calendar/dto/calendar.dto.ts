import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CALENDAR_DAY_KINDS, CalendarDayDto, PutWorkCalendarRequest } from '@taizhang/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

export class CalendarDayItem implements CalendarDayDto {
  @ApiProperty({
    format: 'date',
    example: '2026-10-01',
    description: 'local date (Asia/Shanghai) YYYY-MM-DD',
  })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be written YYYY-MM-DD' })
  date!: string;

  @ApiProperty({
    enum: CALENDAR_DAY_KINDS,
    description: 'holiday: not worked although Mon–Fri; workday: worked although Sat/Sun (调休)',
  })
  @IsIn(CALENDAR_DAY_KINDS, { message: 'kind must be holiday or workday' })
  kind!: CalendarDayDto['kind'];

  @ApiProperty({ example: '国庆节' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @Length(1, 50, { message: 'name must have 1–50 characters' })
  name!: string;
}

/** A list of local dates, as GET answers it beside `days` (they must agree). */
const DateListProp = (field: string) =>
  // applied bottom-up, as when stacked on the field: the checks' messages keep their order
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: `${field} must be dates written YYYY-MM-DD` }),
    ArrayMaxSize(2000),
    IsArray({ message: `${field} must be a list` }),
    IsOptional(),
    ApiPropertyOptional({
      type: String,
      format: 'date',
      isArray: true,
      maxItems: 2000,
      description: 'as GET answers it: must agree with `days`',
    }),
  );

export class PutWorkCalendarDto implements PutWorkCalendarRequest {
  @DateListProp('holidays')
  holidays?: string[];

  @DateListProp('makeupWorkdays')
  makeupWorkdays?: string[];

  @ApiProperty({ type: [CalendarDayItem], maxItems: 2000 })
  @IsArray({ message: 'days must be a list' })
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayItem)
  days!: CalendarDayItem[];
}
