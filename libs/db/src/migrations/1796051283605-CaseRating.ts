import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Satisfaction as a 1–5 rating with an optional comment (issue 13), replacing the yes/no `satisfied` as the
 * figure managers read. `satisfied` stays for the cases confirmed before this change.
 */
export class CaseRating1796051283605 implements MigrationInterface {
  name = 'CaseRating1796051283605';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "rating" smallint`);
    await q.query(`ALTER TABLE "cases" ADD "rating_comment" text`);
    await q.query(`ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_rating" CHECK ("rating" BETWEEN 1 AND 5)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_rating"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "rating_comment"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "rating"`);
  }
}
