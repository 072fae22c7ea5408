import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The working-time calendar (Asia/Shanghai): public holidays on Mon–Fri (`holiday`) and make-up working
 * days on Sat/Sun (`workday`, 调休). Read by every deadline computation (`loadCalendar`).
 */
@Check('ck_work_calendar_days_kind', `kind IN ('holiday','workday')`)
@Entity({ name: 'work_calendar_days' })
export class WorkCalendarDayEntity {
  /** Local date `YYYY-MM-DD`. */
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  name!: string;
}
