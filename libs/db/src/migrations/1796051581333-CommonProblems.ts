import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 共性问题 (issue 15): a common problem groups cases of several enterprises so they are handled once.
 * A case is in at most one group: the member row's key is the case.
 */
export class CommonProblems1796051581333 implements MigrationInterface {
  name = 'CommonProblems1796051581333';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "common_problems" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "title" text NOT NULL,
        "unit_id" uuid,
        "created_by_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_common_problems" PRIMARY KEY ("id")
      )`);
    await q.query(
      `CREATE INDEX "ix_common_problems_unit_created" ON "common_problems" ("unit_id", "created_at")`,
    );
    await q.query(`
      ALTER TABLE "common_problems" ADD CONSTRAINT "fk_common_problems_unit_id" FOREIGN KEY ("unit_id")
        REFERENCES "units"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await q.query(`
      ALTER TABLE "common_problems" ADD CONSTRAINT "fk_common_problems_created_by_id" FOREIGN KEY ("created_by_id")
        REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await q.query(`
      CREATE TABLE "common_problem_members" (
        "case_id" uuid NOT NULL,
        "common_problem_id" uuid NOT NULL,
        "added_by_id" uuid NOT NULL,
        "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_common_problem_members" PRIMARY KEY ("case_id")
      )`);
    await q.query(
      `CREATE INDEX "ix_common_problem_members_group" ON "common_problem_members" ("common_problem_id")`,
    );
    await q.query(`
      ALTER TABLE "common_problem_members" ADD CONSTRAINT "fk_common_problem_members_case_id" FOREIGN KEY ("case_id")
        REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      ALTER TABLE "common_problem_members" ADD CONSTRAINT "fk_common_problem_members_common_problem_id" FOREIGN KEY ("common_problem_id")
        REFERENCES "common_problems"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      ALTER TABLE "common_problem_members" ADD CONSTRAINT "fk_common_problem_members_added_by_id" FOREIGN KEY ("added_by_id")
        REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "common_problem_members"`);
    await q.query(`DROP TABLE "common_problems"`);
  }
}
