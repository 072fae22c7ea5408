import { DataSource, QueryFailedError } from 'typeorm';
import { prepared, queryPrepared } from './prepared';

/** A data source whose `pg` pool answers with `answer` (a stand-in for the driver, not for PostgreSQL). */
function withPool(answer: (config: { name: string; text: string; values: unknown[] }) => Promise<unknown>) {
  const calls: { name: string; text: string; values: unknown[] }[] = [];
  const ds = {
    driver: {
      master: {
        query: (config: { name: string; text: string; values: unknown[] }) => {
          calls.push(config);
          return answer(config);
        },
      },
    },
  } as unknown as DataSource;
  return { ds, calls };
}

describe('prepared statements', () => {
  it('names a statement once; the same name with the same text is the same statement', () => {
    const a = prepared('spec_same', 'SELECT 1');
    expect(prepared('spec_same', 'SELECT 1')).toEqual(a);
  });

  it('refuses a second text under a name already taken', () => {
    prepared('spec_taken', 'SELECT 1');
    expect(() => prepared('spec_taken', 'SELECT 2')).toThrow(
      'prepared statement "spec_taken" is already defined with another text',
    );
  });

  it('sends the name, the text and the values to the pool, and answers the rows', async () => {
    const stmt = prepared('spec_rows', 'SELECT $1::int AS n');
    const { ds, calls } = withPool(async () => ({ rows: [{ n: 7 }] }));
    expect(await queryPrepared(ds, stmt, [7])).toEqual([{ n: 7 }]);
    expect(calls).toEqual([{ name: 'spec_rows', text: 'SELECT $1::int AS n', values: [7] }]);
  });

  it('turns a PostgreSQL error into a QueryFailedError carrying its code, as DataSource.query does', async () => {
    const stmt = prepared('spec_fail', 'INSERT INTO t VALUES ($1)');
    const pgError = Object.assign(new Error('insert or update violates foreign key constraint'), {
      code: '23503',
    });
    const { ds } = withPool(async () => Promise.reject(pgError));
    const err = await queryPrepared(ds, stmt, [1]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryFailedError);
    expect((err as QueryFailedError).driverError).toBe(pgError);
  });

  it('passes on an error that is not PostgreSQL’s unchanged', async () => {
    const stmt = prepared('spec_other', 'SELECT 1');
    const boom = new Error('pool is closed');
    const { ds } = withPool(async () => Promise.reject(boom));
    await expect(queryPrepared(ds, stmt, [])).rejects.toBe(boom);
  });
});
