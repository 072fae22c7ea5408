import { JOBS, JOB_QUEUE, QUEUES } from '@taizhang/queue';
import { DailyReportService } from '../reports/daily-report.service';
import { DeadlineService } from '../deadlines/deadline.service';
import { ExportService } from '../exports/export.service';
import { ConfirmationLinkSmsService } from '../notifications/confirmation-link-sms.service';
import { DeliveryService } from '../notifications/delivery.service';
import { NotificationService } from '../notifications/notification.service';
import { DeadlinesProcessor } from './deadlines.processor';
import { ExportsProcessor } from './exports.processor';
import { NotificationsProcessor } from './notifications.processor';
import { ReportsProcessor } from './reports.processor';

describe(ReportsProcessor.name, () => {
  const freeze = jest.fn(async () => ({ result: 'skipped' as const, why: 'already frozen' }));
  const processor = new ReportsProcessor({ freeze } as unknown as DailyReportService);

  it('has exactly one handler for every job name on its queue', () => {
    const onThisQueue = Object.values(JOBS).filter((name) => JOB_QUEUE[name] === QUEUES.reports);
    expect(Object.keys(processor.handlers).sort()).toEqual([...onThisQueue].sort());
  });

  it('hands daily-report.freeze to the report service', async () => {
    await processor.process({ name: JOBS.dailyReportFreeze, data: { reportDate: '2026-11-23' } } as never);
    expect(freeze).toHaveBeenCalledWith({ reportDate: '2026-11-23' });
  });

  it('refuses a job name it has no handler for', async () => {
    await expect(processor.process({ name: 'nope', data: {} } as never)).rejects.toThrow(
      /no handler for job nope/,
    );
  });
});

describe('all processors', () => {
  it('handle every job name exactly once between them', () => {
    const handled = [
      ...Object.keys(new DeadlinesProcessor({} as DeadlineService).handlers),
      ...Object.keys(
        new NotificationsProcessor(
          {} as NotificationService,
          {} as DeliveryService,
          {} as ConfirmationLinkSmsService,
        ).handlers,
      ),
      ...Object.keys(new ReportsProcessor({} as DailyReportService).handlers),
      ...Object.keys(new ExportsProcessor({} as ExportService).handlers),
    ];
    expect([...handled].sort()).toEqual(Object.values(JOBS).sort());
  });
});
