import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger at county scale (a million cases): search and the common lists run on indexes.
 *
 * - pg_trgm GIN indexes make `q` (ledger number, title, enterprise name "contains") an index lookup
 *   instead of a scan of every case (three characters or more; shorter strings still scan).
 * - (opened_at, id) and (status|category_code, opened_at, id) serve the default sort (newest first) and its
 *   keyset paging (`cursor`): the next page seeks past the last (opened_at, id) instead of skipping rows.
 * - Partial indexes over the pending cases' deadlines keep the worker's safety-net sweep off a full scan,
 *   and the overdue list (`overdue=true`) reads only the overdue cases.
 *
 * Declared in the entities with `synchronize: false` where TypeORM cannot describe them (GIN, partial).
 */
export class LedgerSearchIndexes1764000000200 implements MigrationInterface {
  name = 'LedgerSearchIndexes1764000000200';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX "ix_cases_ledger_no_trgm" ON "cases" USING gin ("ledger_no" gin_trgm_ops)`);
    await q.query(`CREATE INDEX "ix_cases_title_trgm" ON "cases" USING gin ("title" gin_trgm_ops)`);
    await q.query(`CREATE INDEX "ix_enterprises_name_trgm" ON "enterprises" USING gin ("name" gin_trgm_ops)`);
    await q.query(`CREATE INDEX "ix_cases_opened" ON "cases" ("opened_at", "id")`);
    await q.query(`CREATE INDEX "ix_cases_status_opened" ON "cases" ("status", "opened_at", "id")`);
    await q.query(`CREATE INDEX "ix_cases_category_opened" ON "cases" ("category_code", "opened_at", "id")`);
    await q.query(`CREATE INDEX "ix_cases_overdue_opened" ON "cases" ("opened_at", "id") WHERE overdue`);
    await q.query(
      `CREATE INDEX "ix_cases_pending_resolve_by" ON "cases" ("resolve_by") WHERE status IN ('open','in_progress','escalated')`,
    );
    await q.query(
      `CREATE INDEX "ix_cases_pending_respond_by" ON "cases" ("respond_by") WHERE status IN ('open','escalated') AND NOT overdue`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const ix of [
      'ix_cases_pending_respond_by',
      'ix_cases_pending_resolve_by',
      'ix_cases_overdue_opened',
      'ix_cases_category_opened',
      'ix_cases_status_opened',
      'ix_cases_opened',
      'ix_enterprises_name_trgm',
      'ix_cases_title_trgm',
      'ix_cases_ledger_no_trgm',
    ]) {
      await q.query(`DROP INDEX "public"."${ix}"`);
    }
    // pg_trgm stays: other objects may have come to use it.
  }
}
