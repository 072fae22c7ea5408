import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 at scale, the rest of the visits dashboard from counters (after VisitCounters): the city's answer
 * read all 50,000 enterprises and their instructors (tools/bench `visits`, about 200 ms each).
 * - `visit_town_days` per town and UTC day of `enterprises.last_visit_at` ('-infinity': never visited): the
 *   enterprises whose latest visit is that day. Visited since t = the whole days after t's day here, and the
 *   rest of t's day by an index range of `ix_enterprises_town_last_visit`: exact. Kept by statement triggers
 *   on `enterprises` (insert, update, delete: the rows leaving and entering).
 * - `instructor_assignments` per town and user: the enterprises assigned to him. A change of
 *   `enterprise_instructors` recounts its users (an instructor has a handful: by `ix_enterprise_instructors_user`),
 *   as does an enterprise moved to another town.
 */
export class VisitTownCounters1796078625483 implements MigrationInterface {
  name = 'VisitTownCounters1796078625483';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "visit_town_days" ("town_id" uuid NOT NULL, "day" date NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_visit_town_days" PRIMARY KEY ("town_id", "day"))`,
    );
    await q.query(
      `CREATE TABLE "instructor_assignments" ("town_id" uuid NOT NULL, "user_id" uuid NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_instructor_assignments" PRIMARY KEY ("town_id", "user_id"))`,
    );

    const day = `coalesce((last_visit_at AT TIME ZONE 'UTC')::date, '-infinity'::date)`;
    const apply = (rows: string) => `
        INSERT INTO visit_town_days AS x (town_id, day, n)
        SELECT town_id, d, sum(sign) FROM (${rows}) r GROUP BY 1, 2 HAVING sum(sign) <> 0 ORDER BY 1, 2
        ON CONFLICT (town_id, day) DO UPDATE SET n = x.n + EXCLUDED.n`;
    const cols = (t: string, sign: number) => `SELECT town_id, ${day} AS d, ${sign} AS sign FROM ${t}`;
    await q.query(`
      CREATE FUNCTION enterprises_visit_days_ins() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${apply(cols('new_rows', 1))}; RETURN NULL; END $$`);
    await q.query(`
      CREATE FUNCTION enterprises_visit_days_upd() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${apply(`${cols('new_rows', 1)} UNION ALL ${cols('old_rows', -1)}`)}; RETURN NULL; END $$`);
    await q.query(`
      CREATE FUNCTION enterprises_visit_days_del() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${apply(cols('old_rows', -1))}; RETURN NULL; END $$`);
    await q.query(
      `CREATE TRIGGER enterprises_visit_days_ins AFTER INSERT ON enterprises REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_visit_days_ins()`,
    );
    await q.query(
      `CREATE TRIGGER enterprises_visit_days_upd AFTER UPDATE ON enterprises REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_visit_days_upd()`,
    );
    await q.query(
      `CREATE TRIGGER enterprises_visit_days_del AFTER DELETE ON enterprises REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_visit_days_del()`,
    );

    // recount the users given (null: all) from enterprise_instructors
    await q.query(`
      CREATE FUNCTION recount_instructor_assignments(users uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        -- one recount of a user at a time (each statement after the lock sees what the previous one committed)
        IF users IS NULL THEN
          LOCK TABLE instructor_assignments IN EXCLUSIVE MODE;
        ELSE
          PERFORM pg_advisory_xact_lock(hashtext('instructor_assignments'), hashtext(x.u::text))
             FROM (SELECT DISTINCT u FROM unnest(users) u ORDER BY u) x;
        END IF;
        DELETE FROM instructor_assignments WHERE users IS NULL OR user_id = ANY (users);
        INSERT INTO instructor_assignments (town_id, user_id, n)
          SELECT e.town_id, ei.user_id, count(*) FROM enterprise_instructors ei JOIN enterprises e ON e.id = ei.enterprise_id
           WHERE users IS NULL OR ei.user_id = ANY (users) GROUP BY 1, 2 ORDER BY 1, 2;
      END $$`);
    await q.query(`
      CREATE FUNCTION enterprise_instructors_assignments_ins() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM recount_instructor_assignments(ARRAY(SELECT DISTINCT user_id FROM new_rows ORDER BY 1));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION enterprise_instructors_assignments_del() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM recount_instructor_assignments(ARRAY(SELECT DISTINCT user_id FROM old_rows ORDER BY 1));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION enterprise_instructors_assignments_upd() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM recount_instructor_assignments(ARRAY(SELECT user_id FROM old_rows UNION SELECT user_id FROM new_rows ORDER BY 1));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION enterprises_assignments_move() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM recount_instructor_assignments(ARRAY(SELECT user_id FROM enterprise_instructors WHERE enterprise_id = NEW.id ORDER BY 1));
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER enterprise_instructors_assignments_ins AFTER INSERT ON enterprise_instructors REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprise_instructors_assignments_ins()`,
    );
    await q.query(
      `CREATE TRIGGER enterprise_instructors_assignments_del AFTER DELETE ON enterprise_instructors REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprise_instructors_assignments_del()`,
    );
    await q.query(
      `CREATE TRIGGER enterprise_instructors_assignments_upd AFTER UPDATE ON enterprise_instructors REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprise_instructors_assignments_upd()`,
    );
    await q.query(
      `CREATE TRIGGER enterprises_assignments_move AFTER UPDATE OF town_id ON enterprises FOR EACH ROW WHEN (OLD.town_id IS DISTINCT FROM NEW.town_id) EXECUTE FUNCTION enterprises_assignments_move()`,
    );

    // what exists already starts counted
    await q.query(
      `INSERT INTO visit_town_days (town_id, day, n) SELECT town_id, ${day}, count(*) FROM enterprises GROUP BY 1, 2`,
    );
    await q.query(`SELECT recount_instructor_assignments(NULL)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER enterprises_assignments_move ON enterprises`);
    await q.query(`DROP TRIGGER enterprise_instructors_assignments_upd ON enterprise_instructors`);
    await q.query(`DROP TRIGGER enterprise_instructors_assignments_del ON enterprise_instructors`);
    await q.query(`DROP TRIGGER enterprise_instructors_assignments_ins ON enterprise_instructors`);
    await q.query(`DROP TRIGGER enterprises_visit_days_del ON enterprises`);
    await q.query(`DROP TRIGGER enterprises_visit_days_upd ON enterprises`);
    await q.query(`DROP TRIGGER enterprises_visit_days_ins ON enterprises`);
    await q.query(`DROP FUNCTION enterprises_assignments_move()`);
    await q.query(`DROP FUNCTION enterprise_instructors_assignments_upd()`);
    await q.query(`DROP FUNCTION enterprise_instructors_assignments_del()`);
    await q.query(`DROP FUNCTION enterprise_instructors_assignments_ins()`);
    await q.query(`DROP FUNCTION recount_instructor_assignments(uuid[])`);
    await q.query(`DROP FUNCTION enterprises_visit_days_del()`);
    await q.query(`DROP FUNCTION enterprises_visit_days_upd()`);
    await q.query(`DROP FUNCTION enterprises_visit_days_ins()`);
    await q.query(`DROP TABLE "instructor_assignments"`);
    await q.query(`DROP TABLE "visit_town_days"`);
  }
}
