import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Visits (走访) and resumption figures (复工复产), issue 15.
 *
 * - `visits`: an instructor's record of a visit; `visit_cases` links the cases opened from a visit;
 *   `enterprises.last_visit_at` (kept by the visit insert) answers "visited in the last 7/30 days, never".
 * - `resumption_stats`: per scope unit (the ALL unit, and the enterprise's unit and every unit above it), scale
 *   and resumption status: how many enterprises, their headcount and returned headcount. Kept exact by
 *   statement-level triggers on `enterprises` (insert, update, delete) in the writing transaction, whatever the
 *   write path (API, visits, seed, bulk load); an update that changes none of the counted columns touches no
 *   counter row. `resumption_daily` is the per-day net change (Asia/Shanghai) of resumed enterprises and
 *   returned staff, for the trend (current figure minus the changes after each day).
 * - `enterprise_resumption_history`: one row per enterprise whose status or headcounts changed (and on insert).
 *   The clock of the history and of the daily changes is `now()`, or `taizhang.as_of` when a loader sets it
 *   (`SET LOCAL`; demo data back-dates its changes this way).
 * - `rebuild_resumption_stats()` recomputes the counters from `enterprises` (after moving units in the tree).
 */
export class VisitsResumption1796051520292 implements MigrationInterface {
  name = 'VisitsResumption1796051520292';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "enterprises" ADD "last_visit_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `CREATE INDEX "ix_enterprises_town_last_visit" ON "enterprises" ("town_id", "last_visit_at")`,
    );
    await q.query(
      `CREATE TABLE "visits" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "enterprise_id" uuid NOT NULL, "town_id" uuid NOT NULL, "visitor_id" uuid NOT NULL, "visited_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" text NOT NULL, "problems_raised" integer NOT NULL DEFAULT 0, "resumption" text, "returned_headcount" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_visits" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_visits_enterprise" ON "visits" ("enterprise_id", "visited_at")`);
    await q.query(`CREATE INDEX "ix_visits_town" ON "visits" ("town_id", "visited_at")`);
    await q.query(`CREATE INDEX "ix_visits_visitor" ON "visits" ("visitor_id", "visited_at")`);
    await q.query(
      `ALTER TABLE "visits" ADD CONSTRAINT "fk_visits_enterprise_id" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "visits" ADD CONSTRAINT "fk_visits_visitor_id" FOREIGN KEY ("visitor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE TABLE "visit_cases" ("visit_id" uuid NOT NULL, "case_id" uuid NOT NULL, CONSTRAINT "PK_visit_cases" PRIMARY KEY ("visit_id", "case_id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_visit_cases_case" ON "visit_cases" ("case_id")`);
    await q.query(
      `ALTER TABLE "visit_cases" ADD CONSTRAINT "fk_visit_cases_visit_id" FOREIGN KEY ("visit_id") REFERENCES "visits"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "visit_cases" ADD CONSTRAINT "fk_visit_cases_case_id" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE TABLE "resumption_stats" ("unit_id" uuid NOT NULL, "scale" text NOT NULL, "resumption" text NOT NULL, "n" integer NOT NULL, "headcount" bigint NOT NULL, "returned_headcount" bigint NOT NULL, CONSTRAINT "PK_resumption_stats" PRIMARY KEY ("unit_id", "scale", "resumption"))`,
    );
    await q.query(
      `CREATE TABLE "resumption_daily" ("unit_id" uuid NOT NULL, "day" date NOT NULL, "resumed" integer NOT NULL, "returned_headcount" bigint NOT NULL, CONSTRAINT "PK_resumption_daily" PRIMARY KEY ("unit_id", "day"))`,
    );
    await q.query(
      `CREATE TABLE "enterprise_resumption_history" ("id" BIGSERIAL NOT NULL, "enterprise_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "from_resumption" text, "to_resumption" text NOT NULL, "headcount" integer NOT NULL, "from_returned_headcount" integer, "to_returned_headcount" integer NOT NULL, CONSTRAINT "PK_enterprise_resumption_history" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_enterprise_resumption_history_enterprise" ON "enterprise_resumption_history" ("enterprise_id", "at")`,
    );
    await q.query(
      `ALTER TABLE "enterprise_resumption_history" ADD CONSTRAINT "fk_enterprise_resumption_history_enterprise_id" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    // the scope of a unit: itself, every unit above it, and the ALL unit (nil UUID)
    await q.query(`
      CREATE FUNCTION unit_scope(p uuid) RETURNS TABLE (id uuid) LANGUAGE sql STABLE AS $$
        WITH RECURSIVE up AS (
          SELECT u.id, u.parent_id FROM units u WHERE u.id = p
          UNION ALL SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id)
        SELECT up.id FROM up UNION ALL SELECT '00000000-0000-0000-0000-000000000000'::uuid
      $$`);
    await q.query(`
      CREATE FUNCTION resumption_as_of() RETURNS timestamptz LANGUAGE sql STABLE AS $$
        SELECT coalesce(nullif(current_setting('taizhang.as_of', true), '')::timestamptz, now())
      $$`);
    // d: (id, unit_id, scale, resumption, headcount, returned_headcount, sign) — rows leaving (-1) and entering (+1)
    const apply = (rows: string) => `
        WITH d AS (${rows}),
        anc AS (SELECT x.unit_id, s.id AS scope_id FROM (SELECT DISTINCT unit_id FROM d) x CROSS JOIN LATERAL unit_scope(x.unit_id) s),
        stats AS (
          INSERT INTO resumption_stats AS r (unit_id, scale, resumption, n, headcount, returned_headcount)
          SELECT a.scope_id, d.scale, d.resumption, sum(d.sign), sum(d.sign * d.headcount), sum(d.sign * d.returned_headcount)
            FROM d JOIN anc a ON a.unit_id = d.unit_id GROUP BY 1, 2, 3
          HAVING sum(d.sign) <> 0 OR sum(d.sign * d.headcount) <> 0 OR sum(d.sign * d.returned_headcount) <> 0
           ORDER BY 1, 2, 3
          ON CONFLICT (unit_id, scale, resumption) DO UPDATE
             SET n = r.n + EXCLUDED.n, headcount = r.headcount + EXCLUDED.headcount,
                 returned_headcount = r.returned_headcount + EXCLUDED.returned_headcount
          RETURNING 1)
        INSERT INTO resumption_daily AS r (unit_id, day, resumed, returned_headcount)
        SELECT a.scope_id, (resumption_as_of() AT TIME ZONE 'Asia/Shanghai')::date,
               sum(d.sign * (d.resumption <> 'not_resumed')::int), sum(d.sign * d.returned_headcount)
          FROM d JOIN anc a ON a.unit_id = d.unit_id GROUP BY 1, 2
        HAVING sum(d.sign * (d.resumption <> 'not_resumed')::int) <> 0 OR sum(d.sign * d.returned_headcount) <> 0
         ORDER BY 1
        ON CONFLICT (unit_id, day) DO UPDATE
           SET resumed = r.resumed + EXCLUDED.resumed, returned_headcount = r.returned_headcount + EXCLUDED.returned_headcount`;
    const cols = (t: string, sign: number) =>
      `SELECT ${t}.id, ${t}.unit_id, ${t}.scale, ${t}.resumption, ${t}.headcount::bigint AS headcount, ${t}.returned_headcount::bigint AS returned_headcount, ${sign} AS sign FROM ${t}`;
    await q.query(`
      CREATE FUNCTION enterprises_resumption_ins() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${apply(cols('new_rows', 1))};
        INSERT INTO enterprise_resumption_history (enterprise_id, at, from_resumption, to_resumption, headcount, from_returned_headcount, to_returned_headcount)
          SELECT id, resumption_as_of(), NULL, resumption, headcount, NULL, returned_headcount FROM new_rows;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION enterprises_resumption_upd() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${apply(`${cols('new_rows', 1)} UNION ALL ${cols('old_rows', -1)}`)};
        INSERT INTO enterprise_resumption_history (enterprise_id, at, from_resumption, to_resumption, headcount, from_returned_headcount, to_returned_headcount)
          SELECT n.id, resumption_as_of(), o.resumption, n.resumption, n.headcount, o.returned_headcount, n.returned_headcount
            FROM new_rows n JOIN old_rows o ON o.id = n.id
           WHERE (n.resumption, n.headcount, n.returned_headcount) IS DISTINCT FROM (o.resumption, o.headcount, o.returned_headcount);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION enterprises_resumption_del() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${apply(cols('old_rows', -1))};
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER enterprises_resumption_ins AFTER INSERT ON enterprises REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_resumption_ins()`,
    );
    await q.query(
      `CREATE TRIGGER enterprises_resumption_upd AFTER UPDATE ON enterprises REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_resumption_upd()`,
    );
    await q.query(
      `CREATE TRIGGER enterprises_resumption_del AFTER DELETE ON enterprises REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_resumption_del()`,
    );
    await q.query(`
      CREATE FUNCTION rebuild_resumption_stats() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE resumption_stats IN EXCLUSIVE MODE;
        DELETE FROM resumption_stats;
        INSERT INTO resumption_stats (unit_id, scale, resumption, n, headcount, returned_headcount)
          SELECT s.id, e.scale, e.resumption, count(*), sum(e.headcount), sum(e.returned_headcount)
            FROM enterprises e CROSS JOIN LATERAL unit_scope(e.unit_id) s GROUP BY 1, 2, 3;
      END $$`);
    // the enterprises that exist already start counted (their history starts today)
    await q.query(`SELECT rebuild_resumption_stats()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER enterprises_resumption_del ON enterprises`);
    await q.query(`DROP TRIGGER enterprises_resumption_upd ON enterprises`);
    await q.query(`DROP TRIGGER enterprises_resumption_ins ON enterprises`);
    await q.query(`DROP FUNCTION rebuild_resumption_stats()`);
    await q.query(`DROP FUNCTION enterprises_resumption_del()`);
    await q.query(`DROP FUNCTION enterprises_resumption_upd()`);
    await q.query(`DROP FUNCTION enterprises_resumption_ins()`);
    await q.query(`DROP FUNCTION resumption_as_of()`);
    await q.query(`DROP FUNCTION unit_scope(uuid)`);
    await q.query(`DROP TABLE "enterprise_resumption_history"`);
    await q.query(`DROP TABLE "resumption_daily"`);
    await q.query(`DROP TABLE "resumption_stats"`);
    await q.query(`DROP TABLE "visit_cases"`);
    await q.query(`DROP TABLE "visits"`);
    await q.query(`DROP INDEX "ix_enterprises_town_last_visit"`);
    await q.query(`ALTER TABLE "enterprises" DROP COLUMN "last_visit_at"`);
  }
}
