import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications for every step and channels beyond the app (issue 13): the new kinds (opened, returned,
 * resolved, deadline near), users' e-mail, units' group-robot webhooks, each user's channel choices, one
 * delivery per notification and channel with a record of every attempt, and the mark that a resolve-by's
 * "deadline near" notification went out.
 */
export class NotificationChannels1796051548855 implements MigrationInterface {
  name = 'NotificationChannels1796051548855';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await q.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK (kind IN ('assigned','escalated_to_unit','deadline_missed','urged','reopened','opened','returned','resolved','deadline_near'))`,
    );
    await q.query(`ALTER TABLE "users" ADD "email" text`);
    await q.query(`ALTER TABLE "units" ADD "webhook_kind" text`);
    await q.query(`ALTER TABLE "units" ADD "webhook_url" text`);
    await q.query(`ALTER TABLE "units" ADD "webhook_secret" text`);
    await q.query(
      `ALTER TABLE "units" ADD CONSTRAINT "ck_units_webhook_kind" CHECK (webhook_kind IN ('wecom','dingtalk'))`,
    );
    await q.query(`
      CREATE TABLE "notification_preferences" (
        "user_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "channel" text NOT NULL,
        "enabled" boolean NOT NULL,
        CONSTRAINT "ck_notification_preferences_channel" CHECK (channel IN ('sms','email','webhook')),
        CONSTRAINT "PK_notification_preferences" PRIMARY KEY ("user_id", "kind", "channel")
      )`);
    await q.query(`
      ALTER TABLE "notification_preferences" ADD CONSTRAINT "fk_notification_preferences_user_id" FOREIGN KEY ("user_id")
        REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      CREATE TABLE "notification_deliveries" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "notification_id" uuid NOT NULL,
        "channel" text NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "sent_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "ck_notification_deliveries_channel" CHECK (channel IN ('sms','email','webhook')),
        CONSTRAINT "ck_notification_deliveries_status" CHECK (status IN ('pending','sent','failed')),
        CONSTRAINT "PK_notification_deliveries" PRIMARY KEY ("id")
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_notification_deliveries_channel" ON "notification_deliveries" ("notification_id", "channel")`,
    );
    await q.query(
      `CREATE INDEX "ix_notification_deliveries_failed" ON "notification_deliveries" ("updated_at") WHERE status = 'failed'`,
    );
    await q.query(`
      ALTER TABLE "notification_deliveries" ADD CONSTRAINT "fk_notification_deliveries_notification_id" FOREIGN KEY ("notification_id")
        REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      CREATE TABLE "delivery_attempts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "delivery_id" uuid NOT NULL,
        "attempt" integer NOT NULL,
        "ok" boolean NOT NULL,
        "error" text,
        "duration_ms" integer NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_delivery_attempts" PRIMARY KEY ("id")
      )`);
    await q.query(
      `CREATE INDEX "ix_delivery_attempts_delivery" ON "delivery_attempts" ("delivery_id", "attempt")`,
    );
    await q.query(`
      ALTER TABLE "delivery_attempts" ADD CONSTRAINT "fk_delivery_attempts_delivery_id" FOREIGN KEY ("delivery_id")
        REFERENCES "notification_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      CREATE TABLE "deadline_near_marks" (
        "case_id" uuid NOT NULL,
        "resolve_by" TIMESTAMP WITH TIME ZONE NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_deadline_near_marks" PRIMARY KEY ("case_id", "resolve_by")
      )`);
    await q.query(`
      ALTER TABLE "deadline_near_marks" ADD CONSTRAINT "fk_deadline_near_marks_case_id" FOREIGN KEY ("case_id")
        REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "deadline_near_marks"`);
    await q.query(`DROP TABLE "delivery_attempts"`);
    await q.query(`DROP TABLE "notification_deliveries"`);
    await q.query(`DROP TABLE "notification_preferences"`);
    await q.query(`ALTER TABLE "units" DROP CONSTRAINT "ck_units_webhook_kind"`);
    await q.query(`ALTER TABLE "units" DROP COLUMN "webhook_secret"`);
    await q.query(`ALTER TABLE "units" DROP COLUMN "webhook_url"`);
    await q.query(`ALTER TABLE "units" DROP COLUMN "webhook_kind"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "email"`);
    await q.query(
      `DELETE FROM "notifications" WHERE kind IN ('opened','returned','resolved','deadline_near')`,
    );
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await q.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK (kind IN ('assigned','escalated_to_unit','deadline_missed','urged','reopened'))`,
    );
  }
}
