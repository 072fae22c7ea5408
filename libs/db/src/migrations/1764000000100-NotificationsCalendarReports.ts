import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines that enforce themselves: the working-time calendar (holidays and 调休 make-up days),
 * in-app notifications, and the frozen daily reports (每日清零).
 *
 * Seeds the 2026 calendar of the State Council notice on public holidays (国务院办公厅关于2026年部分节假日
 * 安排的通知): only holidays that fall on Mon–Fri and make-up days on Sat/Sun are listed, since weekend days
 * inside a holiday are not worked anyway. Data, not code: administrators keep later years with PUT /api/calendar.
 */
export class NotificationsCalendarReports1764000000100 implements MigrationInterface {
  name = 'NotificationsCalendarReports1764000000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "work_calendar_days" (
        "day" date NOT NULL,
        "kind" text NOT NULL,
        "name" text NOT NULL,
        CONSTRAINT "ck_work_calendar_days_kind" CHECK (kind IN ('holiday','workday')),
        CONSTRAINT "PK_d066f6e73ea9dd0521515faa324" PRIMARY KEY ("day")
      )`);
    await q.query(`
      CREATE TABLE "notifications" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "case_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "title" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "read_at" TIMESTAMP WITH TIME ZONE,
        "sent_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "ck_notifications_kind" CHECK (kind IN ('assigned','escalated_to_unit','deadline_missed','urged','reopened')),
        CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_notifications_case" ON "notifications" ("case_id")`);
    await q.query(`CREATE INDEX "ix_notifications_user_unread" ON "notifications" ("user_id") WHERE read_at IS NULL`);
    await q.query(`CREATE INDEX "ix_notifications_user_created" ON "notifications" ("user_id", "created_at")`);
    await q.query(`
      ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_user_id" FOREIGN KEY ("user_id")
        REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_case_id" FOREIGN KEY ("case_id")
        REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      CREATE TABLE "daily_reports" (
        "unit_id" uuid NOT NULL,
        "report_date" date NOT NULL,
        "opened" integer NOT NULL,
        "solved" integer NOT NULL,
        "pending" integer NOT NULL,
        "overdue" integer NOT NULL,
        "frozen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_2573f176e2cb169598377e38b3e" PRIMARY KEY ("unit_id", "report_date")
      )`);
    await q.query(`CREATE INDEX "ix_daily_reports_date" ON "daily_reports" ("report_date")`);
    await q.query(`
      ALTER TABLE "daily_reports" ADD CONSTRAINT "fk_daily_reports_unit_id" FOREIGN KEY ("unit_id")
        REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      INSERT INTO work_calendar_days (day, kind, name) VALUES
        ('2026-01-01', 'holiday', '元旦'),
        ('2026-01-02', 'holiday', '元旦'),
        ('2026-01-04', 'workday', '元旦调休上班'),
        ('2026-02-14', 'workday', '春节调休上班'),
        ('2026-02-16', 'holiday', '春节'),
        ('2026-02-17', 'holiday', '春节'),
        ('2026-02-18', 'holiday', '春节'),
        ('2026-02-19', 'holiday', '春节'),
        ('2026-02-20', 'holiday', '春节'),
        ('2026-02-23', 'holiday', '春节'),
        ('2026-02-28', 'workday', '春节调休上班'),
        ('2026-04-06', 'holiday', '清明节'),
        ('2026-05-01', 'holiday', '劳动节'),
        ('2026-05-04', 'holiday', '劳动节'),
        ('2026-05-05', 'holiday', '劳动节'),
        ('2026-05-09', 'workday', '劳动节调休上班'),
        ('2026-06-19', 'holiday', '端午节'),
        ('2026-09-20', 'workday', '国庆节调休上班'),
        ('2026-09-25', 'holiday', '中秋节'),
        ('2026-10-01', 'holiday', '国庆节'),
        ('2026-10-02', 'holiday', '国庆节'),
        ('2026-10-05', 'holiday', '国庆节'),
        ('2026-10-06', 'holiday', '国庆节'),
        ('2026-10-07', 'holiday', '国庆节'),
        ('2026-10-10', 'workday', '国庆节调休上班')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "daily_reports" DROP CONSTRAINT "fk_daily_reports_unit_id"`);
    await q.query(`DROP INDEX "public"."ix_daily_reports_date"`);
    await q.query(`DROP TABLE "daily_reports"`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_case_id"`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_user_id"`);
    await q.query(`DROP INDEX "public"."ix_notifications_user_created"`);
    await q.query(`DROP INDEX "public"."ix_notifications_user_unread"`);
    await q.query(`DROP INDEX "public"."ix_notifications_case"`);
    await q.query(`DROP TABLE "notifications"`);
    await q.query(`DROP TABLE "work_calendar_days"`);
  }
}
