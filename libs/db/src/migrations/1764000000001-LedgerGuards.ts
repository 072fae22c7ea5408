import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit ledger is append-only: UPDATE, DELETE and TRUNCATE of case_events are refused by the database.
 * Also seeds the reference data every installation starts with (categories, default deadline policies).
 */
export class LedgerGuards1764000000001 implements MigrationInterface {
  name = 'LedgerGuards1764000000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER case_events_no_update_delete BEFORE UPDATE OR DELETE ON case_events
                   FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await q.query(`CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
                   FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only()`);
    await q.query(`ALTER TABLE cases ADD CONSTRAINT ck_cases_status
                   CHECK (status IN ('open','in_progress','escalated','resolved','closed','cancelled'))`);
    await q.query(`ALTER TABLE cases ADD CONSTRAINT ck_cases_level CHECK (level BETWEEN 0 AND 2)`);
    await q.query(
      `ALTER TABLE cases ADD CONSTRAINT ck_cases_priority CHECK (priority IN ('normal','urgent'))`,
    );
    await q.query(
      `ALTER TABLE units ADD CONSTRAINT ck_units_kind CHECK (kind IN ('city','county','town','grid','bureau'))`,
    );
    await q.query(`ALTER TABLE users ADD CONSTRAINT ck_users_role
                   CHECK (role IN ('instructor','coordinator','bureau_officer','manager','admin','system'))`);
    await q.query(`
      INSERT INTO categories (code, name_zh, name_en, sort) VALUES
        ('labor', '用工', 'Labor', 1),
        ('transport', '运输物流', 'Transport & logistics', 2),
        ('funding', '资金', 'Funding', 3),
        ('supplies', '物资保障', 'Supplies', 4),
        ('sales', '销售', 'Sales', 5),
        ('land', '土地/审批', 'Land & permits', 6),
        ('policy', '政策', 'Policy', 7),
        ('other', '其他', 'Other', 8)`);
    await q.query(`
      INSERT INTO deadline_policies (level, priority, respond_minutes, resolve_minutes, working_time, respond_by_end_of_day) VALUES
        (0, 'normal', 1440, 4320, false, true),
        (0, 'urgent', 720, 2160, false, true),
        (1, 'normal', 540, 2700, true, false),
        (1, 'urgent', 270, 1350, true, false),
        (2, 'normal', 540, 2700, true, false),
        (2, 'urgent', 270, 1350, true, false)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM deadline_policies`);
    await q.query(`DELETE FROM categories`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT ck_users_role`);
    await q.query(`ALTER TABLE units DROP CONSTRAINT ck_units_kind`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT ck_cases_priority`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT ck_cases_level`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT ck_cases_status`);
    await q.query(`DROP TRIGGER case_events_no_truncate ON case_events`);
    await q.query(`DROP TRIGGER case_events_no_update_delete ON case_events`);
    await q.query(`DROP FUNCTION case_events_append_only()`);
  }
}
