import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1764000000000 implements MigrationInterface {
  name = 'Init1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "categories" (
                "code" text NOT NULL,
                "name_zh" text NOT NULL,
                "name_en" text NOT NULL,
                "sort" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_77d7eff8a7aaa05457a12b8007a" PRIMARY KEY ("code")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "units" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" text NOT NULL,
                "name" text NOT NULL,
                "kind" text NOT NULL,
                "parent_id" uuid,
                "category_codes" text array NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5a8f2f064919b587d93936cb223" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_units_code" ON "units" ("code")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_units_parent" ON "units" ("parent_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "username" text NOT NULL,
                "display_name" text NOT NULL,
                "role" text NOT NULL,
                "unit_id" uuid,
                "phone" text,
                "password_hash" text NOT NULL,
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_users_unit" ON "users" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "enterprises" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "credit_code" text NOT NULL,
                "scale" text NOT NULL,
                "industry" text NOT NULL DEFAULT '',
                "unit_id" uuid NOT NULL,
                "town_id" uuid NOT NULL,
                "address" text NOT NULL DEFAULT '',
                "contact_name" text NOT NULL DEFAULT '',
                "contact_phone" text NOT NULL DEFAULT '',
                "key" boolean NOT NULL DEFAULT false,
                "resumption" text NOT NULL DEFAULT 'not_resumed',
                "headcount" integer NOT NULL DEFAULT '0',
                "returned_headcount" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_a019e9afe6517b4f2a4588f2cce" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_enterprises_credit_code" ON "enterprises" ("credit_code")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_enterprises_unit" ON "enterprises" ("unit_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_enterprises_town" ON "enterprises" ("town_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "enterprise_instructors" (
                "enterprise_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                CONSTRAINT "PK_ccdc27acf6c4cba00eecadd1ca9" PRIMARY KEY ("enterprise_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_enterprise_instructors_user" ON "enterprise_instructors" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "cases" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "ledger_no" text NOT NULL,
                "enterprise_id" uuid NOT NULL,
                "category_code" text NOT NULL,
                "title" text NOT NULL,
                "description" text NOT NULL,
                "priority" text NOT NULL,
                "status" text NOT NULL,
                "level" smallint NOT NULL,
                "unit_id" uuid NOT NULL,
                "town_id" uuid NOT NULL,
                "county_id" uuid,
                "city_id" uuid,
                "assignee_id" uuid,
                "return_unit_ids" uuid array NOT NULL DEFAULT '{}',
                "respond_by" TIMESTAMP WITH TIME ZONE,
                "resolve_by" TIMESTAMP WITH TIME ZONE,
                "overdue" boolean NOT NULL DEFAULT false,
                "resolution" text,
                "satisfied" boolean,
                "opened_by_id" uuid NOT NULL,
                "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_cases_ledger_no" ON "cases" ("ledger_no")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_assignee" ON "cases" ("assignee_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_city_opened" ON "cases" ("city_id", "opened_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_county_opened" ON "cases" ("county_id", "opened_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_enterprise" ON "cases" ("enterprise_id", "opened_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_unit_status" ON "cases" ("unit_id", "status")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_cases_town_opened" ON "cases" ("town_id", "opened_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "seq" BIGSERIAL NOT NULL,
                "case_id" uuid NOT NULL,
                "type" text NOT NULL,
                "actor_id" uuid,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "from_status" text,
                "to_status" text NOT NULL,
                "from_unit_id" uuid,
                "to_unit_id" uuid NOT NULL,
                "reason" text,
                "payload" jsonb NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_61f203ee26b76c6438bbcc7bde6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_case_events_case" ON "case_events" ("case_id", "seq")
        `);
    await queryRunner.query(`
            CREATE TABLE "case_hops" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "case_id" uuid NOT NULL,
                "unit_id" uuid NOT NULL,
                "level" smallint NOT NULL,
                "arrived_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "left_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_6d620c3a1a02f443bfeb211165c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_case_hops_case" ON "case_hops" ("case_id", "arrived_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_case_hops_unit" ON "case_hops" ("unit_id", "case_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "ledger_sequences" (
                "town_id" uuid NOT NULL,
                "year" integer NOT NULL,
                "last_seq" integer NOT NULL,
                CONSTRAINT "PK_502c6a372c5c78231acb6f1da2a" PRIMARY KEY ("town_id", "year")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "deadline_policies" (
                "level" smallint NOT NULL,
                "priority" text NOT NULL,
                "respond_minutes" double precision NOT NULL,
                "resolve_minutes" double precision NOT NULL,
                "working_time" boolean NOT NULL,
                "respond_by_end_of_day" boolean NOT NULL,
                CONSTRAINT "PK_a89d4050ce01f4a387cd71f41cb" PRIMARY KEY ("level", "priority")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "outbox" (
                "id" BIGSERIAL NOT NULL,
                "queue" text NOT NULL,
                "name" text NOT NULL,
                "job_id" text NOT NULL,
                "payload" jsonb NOT NULL,
                "run_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_outbox_pending" ON "outbox" ("id")
            WHERE delivered_at IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "user_id" uuid NOT NULL,
                "key" text NOT NULL,
                "request_hash" text NOT NULL,
                "response_status" integer,
                "response_body" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_392b1af86f210d98d3f0c764728" PRIMARY KEY ("user_id", "key")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_idempotency_keys_created" ON "idempotency_keys" ("created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "routing_rules" (
                "category_code" text NOT NULL,
                "unit_id" uuid NOT NULL,
                "bureau_id" uuid NOT NULL,
                CONSTRAINT "PK_fd538cb2eb68363b22ec3501b77" PRIMARY KEY ("category_code", "unit_id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "units"
            ADD CONSTRAINT "fk_units_parent_id" FOREIGN KEY ("parent_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "fk_users_unit_id" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "enterprises"
            ADD CONSTRAINT "fk_enterprises_unit_id" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "enterprises"
            ADD CONSTRAINT "fk_enterprises_town_id" FOREIGN KEY ("town_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "enterprise_instructors"
            ADD CONSTRAINT "fk_enterprise_instructors_enterprise_id" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "enterprise_instructors"
            ADD CONSTRAINT "fk_enterprise_instructors_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_enterprise_id" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_category_code" FOREIGN KEY ("category_code") REFERENCES "categories"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cases"
            ADD CONSTRAINT "fk_cases_unit_id" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_events"
            ADD CONSTRAINT "fk_case_events_case_id" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "case_hops"
            ADD CONSTRAINT "fk_case_hops_case_id" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "routing_rules"
            ADD CONSTRAINT "fk_routing_rules_category_code" FOREIGN KEY ("category_code") REFERENCES "categories"("code") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "routing_rules"
            ADD CONSTRAINT "fk_routing_rules_unit_id" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "routing_rules"
            ADD CONSTRAINT "fk_routing_rules_bureau_id" FOREIGN KEY ("bureau_id") REFERENCES "units"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "routing_rules" DROP CONSTRAINT "fk_routing_rules_bureau_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "routing_rules" DROP CONSTRAINT "fk_routing_rules_unit_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "routing_rules" DROP CONSTRAINT "fk_routing_rules_category_code"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_hops" DROP CONSTRAINT "fk_case_hops_case_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "case_events" DROP CONSTRAINT "fk_case_events_case_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_unit_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_category_code"
        `);
    await queryRunner.query(`
            ALTER TABLE "cases" DROP CONSTRAINT "fk_cases_enterprise_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "enterprise_instructors" DROP CONSTRAINT "fk_enterprise_instructors_user_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "enterprise_instructors" DROP CONSTRAINT "fk_enterprise_instructors_enterprise_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "enterprises" DROP CONSTRAINT "fk_enterprises_town_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "enterprises" DROP CONSTRAINT "fk_enterprises_unit_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "fk_users_unit_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "units" DROP CONSTRAINT "fk_units_parent_id"
        `);
    await queryRunner.query(`
            DROP TABLE "routing_rules"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_idempotency_keys_created"
        `);
    await queryRunner.query(`
            DROP TABLE "idempotency_keys"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_outbox_pending"
        `);
    await queryRunner.query(`
            DROP TABLE "outbox"
        `);
    await queryRunner.query(`
            DROP TABLE "deadline_policies"
        `);
    await queryRunner.query(`
            DROP TABLE "ledger_sequences"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_case_hops_unit"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_case_hops_case"
        `);
    await queryRunner.query(`
            DROP TABLE "case_hops"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_case_events_case"
        `);
    await queryRunner.query(`
            DROP TABLE "case_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_town_opened"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_unit_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_enterprise"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_county_opened"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_city_opened"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_cases_assignee"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_cases_ledger_no"
        `);
    await queryRunner.query(`
            DROP TABLE "cases"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_enterprise_instructors_user"
        `);
    await queryRunner.query(`
            DROP TABLE "enterprise_instructors"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_enterprises_town"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_enterprises_unit"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_enterprises_credit_code"
        `);
    await queryRunner.query(`
            DROP TABLE "enterprises"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_users_unit"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_users_username"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_units_parent"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_units_code"
        `);
    await queryRunner.query(`
            DROP TABLE "units"
        `);
    await queryRunner.query(`
            DROP TABLE "categories"
        `);
  }
}
