import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

export type CalendarDayKind = 'holiday' | 'workday';

/** One day of the working-time calendar: a holiday on Mon–Fri, or a make-up working day (调休) on Sat/Sun. */
export interface CalendarDay {
  /** YYYY-MM-DD */
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/** Every day of the calendar, in date order. */
export async function readCalendarDays(q: Queryable): Promise<CalendarDay[]> {
  const rows = await q.query<{ day: string; kind: CalendarDayKind; name: string }[]>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM work_calendar_days ORDER BY day`,
  );
  return rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name }));
}

/** Replace the whole calendar with `days`, in the caller's transaction. */
export async function replaceCalendarDays(m: EntityManager, days: CalendarDay[]): Promise<void> {
  await m.query(`DELETE FROM work_calendar_days`);
  if (!days.length) return;
  await m.query(
    `INSERT INTO work_calendar_days (day, kind, name) SELECT * FROM unnest($1::date[], $2::text[], $3::text[])`,
    [days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name)],
  );
}
