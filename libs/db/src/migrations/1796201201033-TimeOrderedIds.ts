import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rows every case change appends (events, hops, notifications, their deliveries and attempts) get UUID v7
 * ids (RFC 9562: 48 bits of Unix milliseconds, then random bits), made by the database as the column default.
 *
 * With random (v4) ids each insert lands on a random leaf of the primary-key index: at 200,000 cases
 * (1,963,499 events) 400 events took 17–20 ms to insert, with v7 ids 10–13 ms (medians of 40 alternating
 * inserts, rolled back; tools/bench/README.md, "Cost check of issue 16"). PostgreSQL 15 has no uuidv7() (18
 * has), and these rows are made by INSERT … SELECT (one notification per recipient found by a join), where the
 * API's `uuid` library cannot name them, so the function is this one statement: gen_random_uuid()'s random
 * bits with the time in the first 48 and the version nibble set to 7 (the variant bits are v4's, the same).
 * Ids already there stay; a primary key needs no order, only uniqueness.
 */
const TABLES = ['case_events', 'case_hops', 'notifications', 'notification_deliveries', 'delivery_attempts'];

export class TimeOrderedIds1796201201033 implements MigrationInterface {
  name = 'TimeOrderedIds1796201201033';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT encode(
                 set_bit(set_bit(
                   overlay(uuid_send(gen_random_uuid())
                           PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                           FROM 1 FOR 6),
                   52, 1), 53, 1),
                 'hex')::uuid
      $$`);
    for (const t of TABLES) await q.query(`ALTER TABLE "${t}" ALTER COLUMN "id" SET DEFAULT uuid_v7()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(`ALTER TABLE "${t}" ALTER COLUMN "id" SET DEFAULT gen_random_uuid()`);
    await q.query(`DROP FUNCTION uuid_v7()`);
  }
}
