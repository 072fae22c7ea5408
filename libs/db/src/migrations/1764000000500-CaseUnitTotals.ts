import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-unit totals by status and overdue (`case_unit_totals`): the coarse counters the dashboard's "by unit"
 * reads for every town under a city (about ten rows a town instead of a hundred). Nothing new is written on
 * the case-change path: the compactor folds the same deltas into case_stats and into these in one statement,
 * so the two always agree; `rebuild_case_stats()` recomputes both. `case_stats_generation` counts the changes
 * to the compacted tables (both bump it in the same transaction), so a reader can keep them cached and add
 * only the deltas of a snapshot with the same generation.
 */
export class CaseUnitTotals1764000000500 implements MigrationInterface {
  name = 'CaseUnitTotals1764000000500';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "case_unit_totals" ("unit_id" uuid NOT NULL, "status" text NOT NULL, "overdue" boolean NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_case_unit_totals" PRIMARY KEY ("unit_id", "status", "overdue"))`,
    );
    // bumped by every change to the compacted tables (compaction, rebuild): what the API's cache is keyed on
    await q.query(
      `CREATE TABLE "case_stats_generation" ("id" smallint NOT NULL DEFAULT 1, "gen" bigint NOT NULL, CONSTRAINT "PK_case_stats_generation" PRIMARY KEY ("id"), CONSTRAINT "CHK_case_stats_generation_one" CHECK ("id" = 1))`,
    );
    await q.query(`INSERT INTO "case_stats_generation" ("id", "gen") VALUES (1, 1)`);
    await q.query(`ALTER FUNCTION rebuild_case_stats() RENAME TO rebuild_case_stats_fine`);
    await q.query(`
      CREATE FUNCTION rebuild_case_stats() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE case_unit_totals IN EXCLUSIVE MODE;
        PERFORM rebuild_case_stats_fine();
        DELETE FROM case_unit_totals;
        INSERT INTO case_unit_totals (unit_id, status, overdue, n)
          SELECT unit_id, status, overdue, sum(n) FROM case_stats GROUP BY 1, 2, 3;
        UPDATE case_stats_generation SET gen = gen + 1;
      END $$`);
    await q.query(
      `INSERT INTO case_unit_totals (unit_id, status, overdue, n) SELECT unit_id, status, overdue, sum(n) FROM case_stats GROUP BY 1, 2, 3`,
    );
    // the ledger filtered by level 1 or 2, newest first: escalated cases are few, and new cases (level 0) never
    // enter this index, so intake does not pay for it
    await q.query(`CREATE INDEX "ix_cases_level_opened" ON "cases" ("level", "opened_at", "id") WHERE "level" > 0`);
    // Fold the appended deltas into the compacted tables, in the caller's transaction; answers how many
    // case_stats deltas were folded. Bumps the generation when anything moved.
    await q.query(`
      CREATE FUNCTION compact_case_stats() RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE a integer; b integer; c integer;
      BEGIN
        WITH d AS (DELETE FROM case_stats_deltas RETURNING unit_id, category_code, level, status, overdue, n),
             ins AS (INSERT INTO case_stats (unit_id, category_code, level, status, overdue, n)
                     SELECT unit_id, category_code, level, status, overdue, sum(n) FROM d GROUP BY 1, 2, 3, 4, 5
                     ON CONFLICT (unit_id, category_code, level, status, overdue) DO UPDATE SET n = case_stats.n + EXCLUDED.n RETURNING 1),
             -- the same deltas, coarser: per unit, status and overdue (the dashboard's "by unit")
             tot AS (INSERT INTO case_unit_totals (unit_id, status, overdue, n)
                     SELECT unit_id, status, overdue, sum(n) FROM d GROUP BY 1, 2, 3
                     ON CONFLICT (unit_id, status, overdue) DO UPDATE SET n = case_unit_totals.n + EXCLUDED.n RETURNING 1)
        SELECT count(*) INTO a FROM d;
        WITH d AS (DELETE FROM case_daily_deltas RETURNING unit_id, day, opened, solved),
             ins AS (INSERT INTO case_daily_stats (unit_id, day, opened, solved)
                     SELECT unit_id, day, sum(opened), sum(solved) FROM d GROUP BY 1, 2
                     ON CONFLICT (unit_id, day) DO UPDATE SET opened = case_daily_stats.opened + EXCLUDED.opened,
                                                              solved = case_daily_stats.solved + EXCLUDED.solved
                     RETURNING 1)
        SELECT count(*) INTO b FROM d;
        WITH d AS (DELETE FROM case_solve_hist_deltas RETURNING unit_id, bucket, n),
             ins AS (INSERT INTO case_solve_hist (unit_id, bucket, n) SELECT unit_id, bucket, sum(n) FROM d GROUP BY 1, 2
                     ON CONFLICT (unit_id, bucket) DO UPDATE SET n = case_solve_hist.n + EXCLUDED.n RETURNING 1)
        SELECT count(*) INTO c FROM d;
        -- the compacted tables changed: readers that cache them must read them again
        IF a + b + c > 0 THEN UPDATE case_stats_generation SET gen = gen + 1; END IF;
        RETURN a;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_cases_level_opened"`);
    await q.query(`DROP FUNCTION compact_case_stats()`);
    await q.query(`DROP FUNCTION rebuild_case_stats()`);
    await q.query(`ALTER FUNCTION rebuild_case_stats_fine() RENAME TO rebuild_case_stats`);
    await q.query(`DROP TABLE "case_unit_totals"`);
    await q.query(`DROP TABLE "case_stats_generation"`);
  }
}
