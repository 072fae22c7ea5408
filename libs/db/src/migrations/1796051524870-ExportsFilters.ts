import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exports keep the requester (user_id) and the filters (jsonb), no longer SQL (issue 16): the worker rebuilds
 * the ledger's condition with the list's own code (`ledgerWhere`) when it builds the file. Both were already
 * stored with every export, so exports still queued or running when this lands are simply rebuilt from them.
 * Down: the SQL columns come back; an export not yet done has no SQL to run, so it is marked failed.
 */
export class ExportsFilters1796051524870 implements MigrationInterface {
  name = 'ExportsFilters1796051524870';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "exports" DROP COLUMN "where_sql"`);
    await q.query(`ALTER TABLE "exports" DROP COLUMN "where_params"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "exports" ADD "where_sql" text NOT NULL DEFAULT 'FALSE'`);
    await q.query(`ALTER TABLE "exports" ADD "where_params" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "exports" ALTER COLUMN "where_sql" DROP DEFAULT`);
    await q.query(`ALTER TABLE "exports" ALTER COLUMN "where_params" DROP DEFAULT`);
    await q.query(
      `UPDATE "exports" SET "status" = 'failed', "finished_at" = now(), "error" = 'rolled back before it was built'
        WHERE "status" IN ('queued', 'running')`,
    );
  }
}
