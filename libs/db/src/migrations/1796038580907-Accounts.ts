import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts an administrator can run: per-user session version and forced password change; units and
 * categories that can be disabled (kept for history); the audit log of administrative changes; the sign-in
 * throttle's counters (one row per user name and per client address).
 */
export class Accounts1796038580907 implements MigrationInterface {
  name = 'Accounts1796038580907';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "session_version" integer NOT NULL DEFAULT '1'`);
    await q.query(`ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "units" ADD "active" boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE "categories" ADD "active" boolean NOT NULL DEFAULT true`);
    await q.query(`
      CREATE TABLE "audit_log" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "actor_id" uuid,
        "actor_username" text NOT NULL,
        "entity" text NOT NULL,
        "entity_id" text,
        "action" text NOT NULL,
        "before" jsonb,
        "after" jsonb,
        CONSTRAINT "PK_audit_log" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_audit_log_at" ON "audit_log" ("at", "id")`);
    await q.query(`CREATE INDEX "ix_audit_log_entity_at" ON "audit_log" ("entity", "at")`);
    await q.query(`CREATE INDEX "ix_audit_log_actor_at" ON "audit_log" ("actor_id", "at")`);
    await q.query(`
      CREATE TABLE "login_throttle" (
        "key" text NOT NULL,
        "failures" integer NOT NULL,
        "blocked_until" TIMESTAMP WITH TIME ZONE,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_login_throttle" PRIMARY KEY ("key")
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "login_throttle"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`ALTER TABLE "categories" DROP COLUMN "active"`);
    await q.query(`ALTER TABLE "units" DROP COLUMN "active"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "session_version"`);
  }
}
