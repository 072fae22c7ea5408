import { DelayedError, Job } from 'bullmq';
import { QueryFailedError } from 'typeorm';
import { DATABASE_RETRY_MS, isDatabaseUnavailable, postponeWhileDatabaseDown } from './postpone';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe(isDatabaseUnavailable.name, () => {
  it.each([
    ['connection refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), true],
    ['server shut down (57P01)', withCode('57P01', 'terminating connection due to administrator command'), true],
    ['starting up (57P03)', withCode('57P03', 'the database system is starting up'), true],
    ['connection lost mid-query', new Error('Connection terminated unexpectedly'), true],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect'), true],
    ['wrapped by TypeORM', new QueryFailedError('SELECT 1', [], withCode('57P01', 'terminating connection')), true],
    ['a unique violation', withCode('23505', 'duplicate key value violates unique constraint'), false],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')"), false],
    ['not an error', 'ECONNREFUSED', false],
    ['nothing', null, false],
  ])('%s → %s', (_what, err, expected) => {
    expect(isDatabaseUnavailable(err)).toBe(expected);
  });
});

describe(postponeWhileDatabaseDown.name, () => {
  const job = () => ({ moveToDelayed: jest.fn(async () => undefined) }) as unknown as Job & { moveToDelayed: jest.Mock };

  it('answers the handler result', async () => {
    const j = job();
    await expect(postponeWhileDatabaseDown(j, 'token', async () => 'done')).resolves.toBe('done');
    expect(j.moveToDelayed).not.toHaveBeenCalled();
  });

  it('puts the job back for a while (no attempt spent) when PostgreSQL is unreachable', async () => {
    const j = job();
    const t0 = Date.now();
    await expect(
      postponeWhileDatabaseDown(j, 'token', async () => {
        throw withCode('ECONNREFUSED');
      }),
    ).rejects.toBeInstanceOf(DelayedError);
    const [[at, token]] = j.moveToDelayed.mock.calls as [number, string][];
    expect(token).toBe('token');
    expect(at).toBeGreaterThanOrEqual(t0 + DATABASE_RETRY_MS);
  });

  it('lets any other error fail the attempt', async () => {
    const j = job();
    await expect(
      postponeWhileDatabaseDown(j, 'token', async () => {
        throw withCode('23505', 'duplicate key');
      }),
    ).rejects.toThrow('duplicate key');
    expect(j.moveToDelayed).not.toHaveBeenCalled();
  });
});
