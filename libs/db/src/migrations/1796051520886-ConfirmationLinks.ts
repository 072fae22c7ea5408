import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The enterprise confirms by itself (issue 13): one-time links for a resolved case, stored by the SHA-256 of
 * the token only (the token itself is never stored), and who gave the enterprise's verdict on the case row.
 */
export class ConfirmationLinks1796051520886 implements MigrationInterface {
  name = 'ConfirmationLinks1796051520886';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "confirmed_by" text`);
    await q.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "ck_cases_confirmed_by" CHECK (confirmed_by IN ('enterprise','staff'))`,
    );
    await q.query(`CREATE TABLE "confirmation_links" (
      "id" uuid NOT NULL,
      "case_id" uuid NOT NULL,
      "token_hash" bytea NOT NULL,
      "created_by_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_confirmation_links" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_confirmation_links_token" ON "confirmation_links" ("token_hash")`);
    await q.query(`CREATE INDEX "ix_confirmation_links_case" ON "confirmation_links" ("case_id")`);
    await q.query(`ALTER TABLE "confirmation_links" ADD CONSTRAINT "fk_confirmation_links_case"
      FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "confirmation_links"`);
    await q.query(`ALTER TABLE "cases" DROP CONSTRAINT "ck_cases_confirmed_by"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "confirmed_by"`);
  }
}
