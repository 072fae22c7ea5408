import { reconnectDelayMs, redisConnection, redisProbeOptions } from './connection';
import {
  JOBS,
  JOB_QUEUE,
  QUEUES,
  dailyReportJobId,
  deadlineJobId,
  exportJobId,
  notificationJobId,
} from './queues';

describe('queues', () => {
  it('puts every job name on a known queue', () => {
    for (const name of Object.values(JOBS)) expect(Object.values(QUEUES)).toContain(JOB_QUEUE[name]);
  });

  it('builds the same job id for the same deadline, and another for a moved one', () => {
    const p = {
      caseId: '6f1c0c1e-0000-4000-8000-000000000001',
      deadline: 'resolve' as const,
      dueAt: '2026-03-02T09:30:00.000Z',
    };
    expect(deadlineJobId(p)).toBe(deadlineJobId({ ...p, dueAt: '2026-03-02T17:30:00+08:00' }));
    expect(deadlineJobId(p)).not.toBe(deadlineJobId({ ...p, dueAt: '2026-03-03T09:30:00.000Z' }));
    expect(deadlineJobId(p)).not.toBe(deadlineJobId({ ...p, deadline: 'respond' }));
    expect(deadlineJobId(p)).not.toContain(':');
  });

  it('builds job ids from the business key for notifications and daily reports (no colons: BullMQ keys)', () => {
    expect(notificationJobId('6f1c0c1e-0000-4000-8000-000000000001')).toBe(
      'notification_6f1c0c1e-0000-4000-8000-000000000001',
    );
    expect(dailyReportJobId('2026-11-23')).toBe('daily-report_2026-11-23');
    expect(dailyReportJobId('2026-11-23')).not.toContain(':');
    expect(exportJobId('6f1c0c1e-0000-4000-8000-000000000001')).toBe(
      'export_6f1c0c1e-0000-4000-8000-000000000001',
    );
  });
});

describe(redisConnection.name, () => {
  it.each([
    ['redis://127.0.0.1:6379', { host: '127.0.0.1', port: 6379 }],
    ['redis://cache', { host: 'cache', port: 6379 }],
    [
      'redis://user:p%40ss@cache:6380/3',
      { host: 'cache', port: 6380, username: 'user', password: 'p@ss', db: 3 },
    ],
    ['rediss://cache:6380', { host: 'cache', port: 6380, tls: {} }],
  ])('reads %s', (url, expected) => {
    expect(redisConnection(url)).toMatchObject({ ...expected, maxRetriesPerRequest: null });
  });
});

describe(redisProbeOptions.name, () => {
  it('tries the URL once: no retry, no reconnect, no offline queue, connecting when asked', () => {
    const o = redisProbeOptions('redis://user:pw@cache:6380/2');
    expect(o).toMatchObject({
      host: 'cache',
      port: 6380,
      username: 'user',
      password: 'pw',
      db: 2,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    expect(o.retryStrategy()).toBeNull();
  });
});

describe(reconnectDelayMs.name, () => {
  it('retries soon and never waits more than two seconds', () => {
    expect([1, 2, 8, 100].map(reconnectDelayMs)).toEqual([250, 500, 2000, 2000]);
  });
});
