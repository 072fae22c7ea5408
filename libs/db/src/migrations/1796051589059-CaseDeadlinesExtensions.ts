import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: which deadline a case missed, the bureau that returned it (no automatic re-escalation), extension
 * requests (the pending one's date, the levels that had theirs) and the policy's extension limit.
 * Existing rows are filled from their events, so each row stays the fold of its events.
 */
export class CaseDeadlinesExtensions1796051589059 implements MigrationInterface {
  name = 'CaseDeadlinesExtensions1796051589059';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "missed_deadline" text`);
    await q.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_missed_deadline" CHECK ("missed_deadline" IN ('respond', 'resolve'))`,
    );
    await q.query(`ALTER TABLE "cases" ADD "returned_from_unit_id" uuid`);
    await q.query(`ALTER TABLE "cases" ADD "extension_until" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "cases" ADD "extended_levels" smallint array NOT NULL DEFAULT '{}'`);
    await q.query(
      `ALTER TABLE "deadline_policies" ADD "max_extension_days" double precision NOT NULL DEFAULT 5`,
    );
    // the events table refuses UPDATE, not the cases table: fill the projection from the ledger
    await q.query(
      `UPDATE cases c SET missed_deadline = x.deadline
         FROM (SELECT DISTINCT ON (case_id) case_id, payload->>'deadline' AS deadline FROM case_events
                WHERE type = 'overdue' ORDER BY case_id, seq DESC) x
        WHERE c.id = x.case_id AND c.overdue AND x.deadline IN ('respond', 'resolve')`,
    );
    await q.query(
      `UPDATE cases c SET returned_from_unit_id = x.from_unit_id
         FROM (SELECT DISTINCT ON (case_id) case_id, type, from_unit_id FROM case_events
                WHERE type IN ('return', 'escalate') ORDER BY case_id, seq DESC) x
        WHERE c.id = x.case_id AND x.type = 'return'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "deadline_policies" DROP COLUMN "max_extension_days"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "extended_levels"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "extension_until"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "returned_from_unit_id"`);
    await q.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_missed_deadline"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "missed_deadline"`);
  }
}
