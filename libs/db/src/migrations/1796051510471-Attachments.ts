import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files on a case (issue 13): `attachments` holds what they are; `attachment_blobs` their bytes (and the
 * thumbnails of images) when kept in PostgreSQL, the default storage, so the two-command start needs nothing new.
 */
export class Attachments1796051510471 implements MigrationInterface {
  name = 'Attachments1796051510471';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "attachments" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "case_id" uuid NOT NULL,
        "event_id" uuid,
        "uploaded_by" uuid,
        "file_name" text NOT NULL,
        "content_type" text NOT NULL,
        "kind" text NOT NULL,
        "size_bytes" integer NOT NULL,
        "storage" text NOT NULL,
        "storage_key" text NOT NULL,
        "thumbnail_key" text,
        "note" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_attachments" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_attachments_case_created" ON "attachments" ("case_id", "created_at")`);
    await q.query(`
      ALTER TABLE "attachments" ADD CONSTRAINT "fk_attachments_case_id" FOREIGN KEY ("case_id")
        REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`
      ALTER TABLE "attachments" ADD CONSTRAINT "fk_attachments_event_id" FOREIGN KEY ("event_id")
        REFERENCES "case_events"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`
      ALTER TABLE "attachments" ADD CONSTRAINT "fk_attachments_uploaded_by" FOREIGN KEY ("uploaded_by")
        REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`
      CREATE TABLE "attachment_blobs" (
        "key" text NOT NULL,
        "data" bytea NOT NULL,
        CONSTRAINT "PK_attachment_blobs" PRIMARY KEY ("key")
      )`);
    // photos, PDFs and Office files are compressed already: store them out of line as they are
    await q.query(`ALTER TABLE "attachment_blobs" ALTER COLUMN "data" SET STORAGE EXTERNAL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "attachment_blobs"`);
    await q.query(`DROP TABLE "attachments"`);
  }
}
