import { QueryFailedError } from 'typeorm';
import { unavailableDependency } from './unavailable';

const err = (message: string, props: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), props);
const wrapped = (inner: Error) => new QueryFailedError('SELECT 1', [], inner);

describe(unavailableDependency.name, () => {
  it.each([
    [
      'pool cannot connect (refused)',
      err('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }),
      'PostgreSQL',
    ],
    [
      'refused, wrapped by TypeORM',
      wrapped(err('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' })),
      'PostgreSQL',
    ],
    [
      'refused on every address (AggregateError)',
      new AggregateError([err('x', { code: 'ECONNREFUSED' })], 'x'),
      'PostgreSQL',
    ],
    ['network timeout', err('connect ETIMEDOUT 10.0.0.1:5432', { code: 'ETIMEDOUT' }), 'PostgreSQL'],
    ['reset', err('read ECONNRESET', { code: 'ECONNRESET' }), 'PostgreSQL'],
    ['pool connect timeout', err('timeout exceeded when trying to connect'), 'PostgreSQL'],
    ['connection timeout', err('Connection terminated due to connection timeout'), 'PostgreSQL'],
    ['connection lost mid-query', err('Connection terminated unexpectedly'), 'PostgreSQL'],
    ['connection lost, wrapped', wrapped(err('Connection terminated unexpectedly')), 'PostgreSQL'],
    ['client broken', err('Client has encountered a connection error and is not queryable'), 'PostgreSQL'],
    [
      '57P01 admin shutdown',
      wrapped(err('terminating connection due to administrator command', { code: '57P01' })),
      'PostgreSQL',
    ],
    [
      '57P02 crash shutdown',
      wrapped(err('terminating connection because of crash of another server process', { code: '57P02' })),
      'PostgreSQL',
    ],
    ['57P03 starting up', err('the database system is starting up', { code: '57P03' }), 'PostgreSQL'],
    ['08006 connection failure', wrapped(err('connection failure', { code: '08006' })), 'PostgreSQL'],
    ['08001 cannot connect', err('x', { code: '08001' }), 'PostgreSQL'],
    ['53300 too many connections', err('sorry, too many clients already', { code: '53300' }), 'PostgreSQL'],
    [
      'a cause chain',
      err('outer', { cause: err('connect ECONNREFUSED', { code: 'ECONNREFUSED' }) }),
      'PostgreSQL',
    ],
    [
      'TypeORM not connected',
      err('Connection with postgres database is not established', { name: 'ConnectionIsNotSetError' }),
      'PostgreSQL',
    ],
    [
      'ioredis without offline queue',
      err("Stream isn't writeable and enableOfflineQueue options is false"),
      'Redis',
    ],
    [
      'ioredis out of retries',
      err('Reached the max retries per request limit (which is 1).', { name: 'MaxRetriesPerRequestError' }),
      'Redis',
    ],
    ['ioredis closed', err('Connection is closed.'), 'Redis'],
  ])('%s → %s', (_what, error, dependency) => {
    expect(unavailableDependency(error)).toBe(dependency);
  });

  it.each([
    ['a unique violation', wrapped(err('duplicate key', { code: '23505' }))],
    ['a syntax error of ours', wrapped(err('syntax error', { code: '42601' }))],
    ['a statement timeout', wrapped(err('canceling statement due to statement timeout', { code: '57014' }))],
    ['a plain bug', new TypeError('x is undefined')],
    ['a string', 'boom'],
    ['nothing', undefined],
    [
      'a cycle',
      (() => {
        const e = err('loop') as Error & { cause?: unknown };
        e.cause = e;
        return e;
      })(),
    ],
  ])('%s is not an outage', (_what, error) => {
    expect(unavailableDependency(error)).toBeNull();
  });
});
