import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dashboard counters: appended deltas (written in the case change's transaction) and compacted tables
 * (folded by the worker), plus `rebuild_case_stats()` that recomputes everything from `cases` and
 * `case_hops` (bulk loads, repairs). Scope of a case: the ALL unit (nil UUID), its county and city,
 * and every unit that held it.
 */
export class CaseStats1764000000300 implements MigrationInterface {
  name = 'CaseStats1764000000300';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "case_stats" ("unit_id" uuid NOT NULL, "category_code" text NOT NULL, "level" smallint NOT NULL, "status" text NOT NULL, "overdue" boolean NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_case_stats" PRIMARY KEY ("unit_id", "category_code", "level", "status", "overdue"))`,
    );
    await q.query(
      `CREATE TABLE "case_stats_deltas" ("id" BIGSERIAL NOT NULL, "unit_id" uuid NOT NULL, "category_code" text NOT NULL, "level" smallint NOT NULL, "status" text NOT NULL, "overdue" boolean NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_case_stats_deltas" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_case_stats_deltas_unit" ON "case_stats_deltas" ("unit_id")`);
    await q.query(
      `CREATE TABLE "case_daily_stats" ("unit_id" uuid NOT NULL, "day" date NOT NULL, "opened" integer NOT NULL, "solved" integer NOT NULL, CONSTRAINT "PK_case_daily_stats" PRIMARY KEY ("unit_id", "day"))`,
    );
    await q.query(
      `CREATE TABLE "case_daily_deltas" ("id" BIGSERIAL NOT NULL, "unit_id" uuid NOT NULL, "day" date NOT NULL, "opened" integer NOT NULL, "solved" integer NOT NULL, CONSTRAINT "PK_case_daily_deltas" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_case_daily_deltas_unit" ON "case_daily_deltas" ("unit_id", "day")`);
    await q.query(
      `CREATE TABLE "case_solve_hist" ("unit_id" uuid NOT NULL, "bucket" integer NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_case_solve_hist" PRIMARY KEY ("unit_id", "bucket"))`,
    );
    await q.query(
      `CREATE TABLE "case_solve_hist_deltas" ("id" BIGSERIAL NOT NULL, "unit_id" uuid NOT NULL, "bucket" integer NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_case_solve_hist_deltas" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_case_solve_hist_deltas_unit" ON "case_solve_hist_deltas" ("unit_id")`);
    await q.query(`
      CREATE FUNCTION rebuild_case_stats() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE case_stats, case_stats_deltas, case_daily_stats, case_daily_deltas, case_solve_hist, case_solve_hist_deltas IN EXCLUSIVE MODE;
        DELETE FROM case_stats; DELETE FROM case_stats_deltas;
        DELETE FROM case_daily_stats; DELETE FROM case_daily_deltas;
        DELETE FROM case_solve_hist; DELETE FROM case_solve_hist_deltas;
        DROP TABLE IF EXISTS _scope;
        CREATE TEMP TABLE _scope (case_id uuid, unit_id uuid) ON COMMIT DROP;
        INSERT INTO _scope
          SELECT id, '00000000-0000-0000-0000-000000000000'::uuid FROM cases
          UNION ALL SELECT id, county_id FROM cases WHERE county_id IS NOT NULL
          UNION ALL SELECT id, city_id FROM cases WHERE city_id IS NOT NULL
          UNION SELECT case_id, unit_id FROM case_hops;
        INSERT INTO case_stats (unit_id, category_code, level, status, overdue, n)
          SELECT s.unit_id, c.category_code, c.level, c.status, c.overdue, count(*)
            FROM (SELECT DISTINCT case_id, unit_id FROM _scope) s JOIN cases c ON c.id = s.case_id
           GROUP BY 1, 2, 3, 4, 5;
        INSERT INTO case_daily_stats (unit_id, day, opened, solved)
          SELECT unit_id, day, sum(opened), sum(solved) FROM (
            SELECT s.unit_id, (c.opened_at AT TIME ZONE 'Asia/Shanghai')::date AS day, 1 AS opened, 0 AS solved
              FROM (SELECT DISTINCT case_id, unit_id FROM _scope) s JOIN cases c ON c.id = s.case_id
            UNION ALL
            SELECT s.unit_id, (c.resolved_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 1
              FROM (SELECT DISTINCT case_id, unit_id FROM _scope) s JOIN cases c ON c.id = s.case_id WHERE c.resolved_at IS NOT NULL
          ) x GROUP BY 1, 2;
        INSERT INTO case_solve_hist (unit_id, bucket, n)
          SELECT s.unit_id, floor(extract(epoch FROM c.resolved_at - c.opened_at) / 360)::int, count(*)
            FROM (SELECT DISTINCT case_id, unit_id FROM _scope) s JOIN cases c ON c.id = s.case_id WHERE c.resolved_at IS NOT NULL
           GROUP BY 1, 2;
        DROP TABLE _scope;
      END $$`);
    // the cases that exist already (e.g. demo data) start counted
    await q.query(`SELECT rebuild_case_stats()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION rebuild_case_stats()`);
    for (const t of [
      'case_solve_hist_deltas',
      'case_solve_hist',
      'case_daily_deltas',
      'case_daily_stats',
      'case_stats_deltas',
      'case_stats',
    ]) {
      await q.query(`DROP TABLE "${t}"`);
    }
  }
}
