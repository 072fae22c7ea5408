import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18 item 5: two ledger lists that grew with the province (5,000,000 cases, 2,500 towns).
 *
 * 1. `ledger_heads`: the distinct heads of the ledger numbers (the lowered number up to its last hyphen,
 *    `bk1t01-2026-`, one per town and year), kept by a statement trigger on `cases`. A ledger-number search
 *    (libs/db cases/ledger-filter `ledgerNoStarts`) works out from them where its text can sit; it read them by
 *    a skip scan of `ix_cases_ledger_no_prefix`, one index descent per head: 5,001 heads, 50 ms at 5M cases.
 *    Heads are only ever added (a number is never changed; a head whose cases are gone costs one empty range).
 * 2. The pending lists of a town, county or city (`status` open, in progress or escalated, newest first: the
 *    managers' and coordinators' first screen) on partial indexes in the list's order. Without them the planner
 *    intersected the unit's index with the whole pending index (`ix_cases_pending_resolve_by`, 159,190 rows at
 *    5M): 53 ms for a county, 73 ms for a town. Only pending cases are in them, so they stay small.
 */
export class LedgerProvinceScale1796100579412 implements MigrationInterface {
  name = 'LedgerProvinceScale1796100579412';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "ledger_heads" ("head" text NOT NULL, CONSTRAINT "pk_ledger_heads" PRIMARY KEY ("head"))`);
    await q.query(`
      CREATE FUNCTION ledger_heads_ins() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ledger_heads (head)
          SELECT DISTINCT regexp_replace(lower(ledger_no), '[^-]*$', '') FROM new_rows WHERE ledger_no IS NOT NULL
          ORDER BY 1
        ON CONFLICT (head) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER ledger_heads_ins AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_heads_ins()`,
    );
    // a number is not changed by the application; should one be, its head is known all the same
    await q.query(`
      CREATE FUNCTION ledger_heads_upd() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ledger_heads (head) VALUES (regexp_replace(lower(NEW.ledger_no), '[^-]*$', ''))
        ON CONFLICT (head) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER ledger_heads_upd AFTER UPDATE OF ledger_no ON cases FOR EACH ROW WHEN (NEW.ledger_no IS NOT NULL AND NEW.ledger_no IS DISTINCT FROM OLD.ledger_no) EXECUTE FUNCTION ledger_heads_upd()`,
    );
    // what exists already: the skip scan, once
    await q.query(`
      INSERT INTO ledger_heads (head)
      WITH RECURSIVE heads(h) AS (
          (SELECT regexp_replace(lower(ledger_no), '[^-]*$', '') FROM cases WHERE ledger_no IS NOT NULL ORDER BY 1 LIMIT 1)
          UNION ALL
          SELECT (SELECT regexp_replace(lower(c.ledger_no), '[^-]*$', '') FROM cases c
                   WHERE regexp_replace(lower(c.ledger_no), '[^-]*$', '') > heads.h ORDER BY 1 LIMIT 1)
            FROM heads WHERE heads.h IS NOT NULL)
      SELECT h FROM heads WHERE h IS NOT NULL`);

    for (const col of ['town_id', 'county_id', 'city_id']) {
      await q.query(
        `CREATE INDEX "ix_cases_pending_${col.replace('_id', '')}_opened" ON "cases" ("${col}", "opened_at", "id") WHERE status IN ('open','in_progress','escalated')`,
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const col of ['town', 'county', 'city']) await q.query(`DROP INDEX "public"."ix_cases_pending_${col}_opened"`);
    await q.query(`DROP TRIGGER ledger_heads_upd ON cases`);
    await q.query(`DROP TRIGGER ledger_heads_ins ON cases`);
    await q.query(`DROP FUNCTION ledger_heads_upd()`);
    await q.query(`DROP FUNCTION ledger_heads_ins()`);
    await q.query(`DROP TABLE "ledger_heads"`);
  }
}
