import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'assigned','escalated_to_unit','deadline_missed','urged','reopened','opened','returned','resolved','deadline_near'`;
const ADDED = `'extension_requested','extension_approved','extension_denied'`;

/**
 * Issue 14: notifications about extension requests (延期申请) — to the managers who may decide one, and its
 * decision back to who asked (NOTIFICATION_KINDS and RECIPIENT_RULES in libs/domain).
 */
export class ExtensionNotifications1796065773421 implements MigrationInterface {
  name = 'ExtensionNotifications1796065773421';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await q.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK (kind IN (${BEFORE},${ADDED}))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "notification_preferences" WHERE kind IN (${ADDED})`);
    await q.query(`DELETE FROM "notifications" WHERE kind IN (${ADDED})`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "ck_notifications_kind"`);
    await q.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "ck_notifications_kind" CHECK (kind IN (${BEFORE}))`,
    );
  }
}
