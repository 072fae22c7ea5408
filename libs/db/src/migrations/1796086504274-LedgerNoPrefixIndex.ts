import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: a ledger-number search (`q` with a hyphen, e.g. `BK1T01-2026-0123`) on a btree, not on trigrams.
 * Every trigram of a ledger number (`-20`, `202`, `026`, `bk1`, `t01`, `012`…) is in a large share of the cases,
 * so the GIN lookup of `ledger_no ILIKE '%…%'` read posting lists that grow with the ledger (88 ms at 5M cases).
 *
 * The index is on (the lowered number up to its last hyphen — `bk1t01-2026-`, one value per town and year —,
 * the lowered number). A search text with a hyphen can only occur across those parts as (a piece of the first
 * part) + (a start of what follows the last hyphen), so `ledgerWhere` (libs/db cases/ledger-filter) reads the
 * few first parts by a skip scan of the index's first column, works out which of them the text can fall in,
 * and looks those up by prefix on the second column; the `ILIKE` stays as the check, so the rows are the same.
 */
export class LedgerNoPrefixIndex1796086504274 implements MigrationInterface {
  name = 'LedgerNoPrefixIndex1796086504274';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_cases_ledger_no_prefix" ON "cases" ((regexp_replace(lower(ledger_no), '[^-]*$', '')), lower(ledger_no) text_pattern_ops)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_cases_ledger_no_prefix"`);
  }
}
