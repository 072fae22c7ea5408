import { MigrationInterface, QueryRunner } from 'typeorm';

/** The UTC day of a timestamptz expression. */
const day = (ts: string) => `((${ts}) AT TIME ZONE 'UTC')::date`;

/**
 * Issue 15 at scale: the per-instructor figures of the visits dashboard from counters instead of every visit of
 * the scope (tools/bench `visits`: the city's answer read all 100,000 visits).
 * - `visit_stats` per town and visitor: visits, latest visit (all time);
 * - `visit_pairs` per town, visitor and enterprise: his latest visit of it (the distinct enterprises he visited
 *   in a window are the pairs whose latest visit is in it);
 * - `visit_daily` per town, UTC day and visitor: the visits made that day, and the pairs whose latest visit is
 *   that day. A window `visited_at > t` is the whole days after t's day from here, and the rest of t's day by
 *   an index range (visits by town and time, pairs by town and latest visit): exact.
 * The town is the enterprise's (as the dashboard's per-town counts): kept by a trigger on `visits` for every
 * write path (API, seed, loaders); a visit updated or deleted (an enterprise deleted), or an enterprise moved
 * to another town, recounts the towns concerned. `ix_visits_visited_at`: the window's first day's visits.
 */
export class VisitCounters1796078307573 implements MigrationInterface {
  name = 'VisitCounters1796078307573';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "visit_stats" ("town_id" uuid NOT NULL, "visitor_id" uuid NOT NULL, "visits" integer NOT NULL, "last_visit_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_visit_stats" PRIMARY KEY ("town_id", "visitor_id"))`,
    );
    await q.query(
      `CREATE TABLE "visit_pairs" ("town_id" uuid NOT NULL, "visitor_id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, "last_visit_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_visit_pairs" PRIMARY KEY ("town_id", "visitor_id", "enterprise_id"))`,
    );
    await q.query(`CREATE INDEX "ix_visit_pairs_town_last" ON "visit_pairs" ("town_id", "last_visit_at")`);
    await q.query(
      `CREATE TABLE "visit_daily" ("town_id" uuid NOT NULL, "day" date NOT NULL, "visitor_id" uuid NOT NULL, "visits" integer NOT NULL, "pairs_last" integer NOT NULL, CONSTRAINT "PK_visit_daily" PRIMARY KEY ("town_id", "day", "visitor_id"))`,
    );

    await q.query(`CREATE INDEX "ix_visits_visited_at" ON "visits" ("visited_at")`);

    await q.query(`
      CREATE FUNCTION visits_count_ins() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        d date := ${day('NEW.visited_at')};
        prev timestamptz;
        moved int := 1;
        town uuid := (SELECT e.town_id FROM enterprises e WHERE e.id = NEW.enterprise_id);
      BEGIN
        INSERT INTO visit_stats AS s (town_id, visitor_id, visits, last_visit_at)
        VALUES (town, NEW.visitor_id, 1, NEW.visited_at)
        ON CONFLICT (town_id, visitor_id) DO UPDATE
           SET visits = s.visits + 1, last_visit_at = GREATEST(s.last_visit_at, EXCLUDED.last_visit_at);
        INSERT INTO visit_pairs (town_id, visitor_id, enterprise_id, last_visit_at)
        VALUES (town, NEW.visitor_id, NEW.enterprise_id, NEW.visited_at) ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
          SELECT last_visit_at INTO prev FROM visit_pairs
           WHERE town_id = town AND visitor_id = NEW.visitor_id AND enterprise_id = NEW.enterprise_id FOR UPDATE;
          IF NEW.visited_at > prev THEN
            UPDATE visit_pairs SET last_visit_at = NEW.visited_at
             WHERE town_id = town AND visitor_id = NEW.visitor_id AND enterprise_id = NEW.enterprise_id;
            UPDATE visit_daily SET pairs_last = pairs_last - 1
             WHERE town_id = town AND day = ${day('prev')} AND visitor_id = NEW.visitor_id;
          ELSE
            moved := 0;
          END IF;
        END IF;
        INSERT INTO visit_daily AS x (town_id, day, visitor_id, visits, pairs_last)
        VALUES (town, d, NEW.visitor_id, 1, moved)
        ON CONFLICT (town_id, day, visitor_id) DO UPDATE
           SET visits = x.visits + 1, pairs_last = x.pairs_last + EXCLUDED.pairs_last;
        RETURN NULL;
      END $$`);

    // recount the towns given (null: all) from the visits
    await q.query(`
      CREATE FUNCTION rebuild_visit_counters(towns uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE visit_stats, visit_pairs, visit_daily IN EXCLUSIVE MODE;
        DELETE FROM visit_stats WHERE towns IS NULL OR town_id = ANY (towns);
        DELETE FROM visit_pairs WHERE towns IS NULL OR town_id = ANY (towns);
        DELETE FROM visit_daily WHERE towns IS NULL OR town_id = ANY (towns);
        INSERT INTO visit_stats (town_id, visitor_id, visits, last_visit_at)
          SELECT e.town_id, v.visitor_id, count(*), max(v.visited_at) FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
           WHERE towns IS NULL OR e.town_id = ANY (towns) GROUP BY 1, 2;
        INSERT INTO visit_pairs (town_id, visitor_id, enterprise_id, last_visit_at)
          SELECT e.town_id, v.visitor_id, v.enterprise_id, max(v.visited_at) FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
           WHERE towns IS NULL OR e.town_id = ANY (towns) GROUP BY 1, 2, 3;
        INSERT INTO visit_daily (town_id, day, visitor_id, visits, pairs_last)
          SELECT town_id, d, visitor_id, sum(v), sum(p) FROM (
            SELECT e.town_id, ${day('v.visited_at')} AS d, v.visitor_id, count(*) AS v, 0 AS p
              FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
             WHERE towns IS NULL OR e.town_id = ANY (towns) GROUP BY 1, 2, 3
            UNION ALL
            SELECT town_id, ${day('last_visit_at')}, visitor_id, 0, count(*) FROM visit_pairs
             WHERE towns IS NULL OR town_id = ANY (towns) GROUP BY 1, 2, 3) x
          GROUP BY 1, 2, 3;
      END $$`);
    await q.query(`
      CREATE FUNCTION visits_count_del() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM rebuild_visit_counters(ARRAY(
          SELECT town_id FROM old_rows UNION
          SELECT p.town_id FROM visit_pairs p WHERE p.enterprise_id IN (SELECT enterprise_id FROM old_rows)));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION visits_count_upd() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
                    WHERE (n.town_id, n.visitor_id, n.enterprise_id, n.visited_at)
                          IS DISTINCT FROM (o.town_id, o.visitor_id, o.enterprise_id, o.visited_at)) THEN
          PERFORM rebuild_visit_counters(ARRAY(
            SELECT town_id FROM old_rows UNION SELECT town_id FROM new_rows UNION
            SELECT p.town_id FROM visit_pairs p WHERE p.enterprise_id IN (SELECT enterprise_id FROM old_rows) UNION
            SELECT e.town_id FROM enterprises e WHERE e.id IN (SELECT enterprise_id FROM new_rows)));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION enterprises_visit_counters_move() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM rebuild_visit_counters(ARRAY[OLD.town_id, NEW.town_id]);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION visits_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE visit_stats, visit_pairs, visit_daily;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER visits_count_ins AFTER INSERT ON visits FOR EACH ROW EXECUTE FUNCTION visits_count_ins()`,
    );
    await q.query(
      `CREATE TRIGGER visits_count_del AFTER DELETE ON visits REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION visits_count_del()`,
    );
    await q.query(
      `CREATE TRIGGER visits_count_upd AFTER UPDATE ON visits REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION visits_count_upd()`,
    );
    await q.query(
      `CREATE TRIGGER visits_count_truncate AFTER TRUNCATE ON visits FOR EACH STATEMENT EXECUTE FUNCTION visits_count_truncate()`,
    );
    await q.query(
      `CREATE TRIGGER enterprises_visit_counters_move AFTER UPDATE OF town_id ON enterprises FOR EACH ROW WHEN (OLD.town_id IS DISTINCT FROM NEW.town_id) EXECUTE FUNCTION enterprises_visit_counters_move()`,
    );
    // the visits recorded already start counted
    await q.query(`SELECT rebuild_visit_counters(NULL)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER enterprises_visit_counters_move ON enterprises`);
    await q.query(`DROP TRIGGER visits_count_truncate ON visits`);
    await q.query(`DROP TRIGGER visits_count_upd ON visits`);
    await q.query(`DROP TRIGGER visits_count_del ON visits`);
    await q.query(`DROP TRIGGER visits_count_ins ON visits`);
    await q.query(`DROP FUNCTION enterprises_visit_counters_move()`);
    await q.query(`DROP FUNCTION visits_count_truncate()`);
    await q.query(`DROP FUNCTION visits_count_upd()`);
    await q.query(`DROP FUNCTION visits_count_del()`);
    await q.query(`DROP FUNCTION rebuild_visit_counters(uuid[])`);
    await q.query(`DROP FUNCTION visits_count_ins()`);
    await q.query(`DROP INDEX "ix_visits_visited_at"`);
    await q.query(`DROP TABLE "visit_daily"`);
    await q.query(`DROP TABLE "visit_pairs"`);
    await q.query(`DROP TABLE "visit_stats"`);
  }
}
