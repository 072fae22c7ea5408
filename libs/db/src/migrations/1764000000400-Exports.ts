import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Excel exports built by the worker: the request (who, which filters, the WHERE clause the API built),
 * its progress, and the finished file in ~1 MB chunks (PostgreSQL holds it: API and worker share no disk).
 */
export class Exports1764000000400 implements MigrationInterface {
  name = 'Exports1764000000400';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "exports" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "filters" jsonb NOT NULL,
        "where_sql" text NOT NULL,
        "where_params" jsonb NOT NULL,
        "status" text NOT NULL DEFAULT 'queued',
        "total" integer,
        "done_rows" integer NOT NULL DEFAULT 0,
        "error" text,
        "file_name" text NOT NULL,
        "size_bytes" bigint,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "started_at" TIMESTAMP WITH TIME ZONE,
        "finished_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "ck_exports_status" CHECK (status IN ('queued','running','done','failed')),
        CONSTRAINT "PK_exports" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_exports_user_created" ON "exports" ("user_id", "created_at")`);
    await q.query(`CREATE INDEX "ix_exports_created" ON "exports" ("created_at")`);
    await q.query(`
      ALTER TABLE "exports" ADD CONSTRAINT "fk_exports_user_id" FOREIGN KEY ("user_id")
        REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      CREATE TABLE "export_chunks" (
        "export_id" uuid NOT NULL,
        "seq" integer NOT NULL,
        "data" bytea NOT NULL,
        CONSTRAINT "PK_export_chunks" PRIMARY KEY ("export_id", "seq")
      )`);
    // an .xlsx is a zip already: store it out of line without trying to compress it again
    await q.query(`ALTER TABLE "export_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL`);
    await q.query(`
      ALTER TABLE "export_chunks" ADD CONSTRAINT "fk_export_chunks_export_id" FOREIGN KEY ("export_id")
        REFERENCES "exports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "export_chunks"`);
    await q.query(`DROP TABLE "exports"`);
  }
}
