import { isReadOnlyStatement } from './read-replica';

describe('isReadOnlyStatement (what a read replica may answer)', () => {
  it.each([
    'SELECT 1',
    '  with x AS (SELECT 1) SELECT * FROM x',
    '(SELECT a FROM t) UNION (SELECT b FROM u)',
    "SELECT count(*) FROM cases WHERE title LIKE '%x%'",
    'SELECT c.updated_at FROM cases c',
  ])('reads: %s', (sql) => expect(isReadOnlyStatement(sql)).toBe(true));

  it.each([
    'INSERT INTO t VALUES (1)',
    'UPDATE t SET a = 1',
    'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d',
    'SELECT * FROM cases WHERE id = $1 FOR UPDATE',
    'SELECT * FROM cases FOR NO KEY UPDATE SKIP LOCKED',
    'SELECT * FROM cases FOR SHARE',
    "SELECT nextval('ledger_no')",
    'SELECT pg_advisory_xact_lock(1)',
    'SET LOCAL statement_timeout = 1000',
  ])('not on a replica: %s', (sql) => expect(isReadOnlyStatement(sql)).toBe(false));
});
