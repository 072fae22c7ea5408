import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: the lead of the "deadline near" notification is set per deadline policy (level × priority), in
 * working hours, by an admin; NULL keeps the worker's NOTIFY_DEADLINE_LEAD_HOURS, 0 tells nobody.
 */
export class DeadlineNearLead1796076494893 implements MigrationInterface {
  name = 'DeadlineNearLead1796076494893';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "deadline_policies" ADD "near_lead_hours" double precision`);
    await q.query(
      `ALTER TABLE "deadline_policies" ADD CONSTRAINT "ck_deadline_policies_near_lead_hours" CHECK (near_lead_hours IS NULL OR near_lead_hours BETWEEN 0 AND 40)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "deadline_policies" DROP CONSTRAINT "ck_deadline_policies_near_lead_hours"`);
    await q.query(`ALTER TABLE "deadline_policies" DROP COLUMN "near_lead_hours"`);
  }
}
