import { JOBS, JOB_QUEUE, QUEUES } from '@taizhang/queue';
import type { DataSource } from 'typeorm';
import { ConfirmationLinkSmsService } from '../notifications/confirmation-link-sms.service';
import { DeliveryService } from '../notifications/delivery.service';
import type { NotificationChannel, OutboundNotification } from '../notifications/notification-channel';
import { NotificationService } from '../notifications/notification.service';
import { NotificationsProcessor } from './notifications.processor';

/** A database whose one answer to the link query is `usable` (a row or none). */
const linkDb = (usable: boolean) =>
  ({ query: async () => (usable ? [{ '?column?': 1 }] : []) }) as unknown as DataSource;

describe(NotificationsProcessor.name, () => {
  const send = jest.fn(async () => ({ result: 'done' as const, channel: 'test' }));
  const deliver = jest.fn(async () => ({ result: 'done' as const, channel: 'sms', attempt: 1 }));
  const processor = new NotificationsProcessor(
    { send } as unknown as NotificationService,
    { deliver } as unknown as DeliveryService,
    new ConfirmationLinkSmsService(linkDb(true), {}),
  );

  it('has exactly one handler for every job name on its queue', () => {
    const onThisQueue = Object.values(JOBS).filter((name) => JOB_QUEUE[name] === QUEUES.notifications);
    expect(Object.keys(processor.handlers).sort()).toEqual([...onThisQueue].sort());
  });

  it('hands notification.send to the notification service', async () => {
    const data = { notificationId: '6f1c0c1e-0000-4000-8000-000000000001', requestId: 'r1' };
    await expect(processor.process({ name: JOBS.notificationSend, data } as never)).resolves.toEqual({
      result: 'done',
      channel: 'test',
    });
    expect(send).toHaveBeenCalledWith(data);
  });

  it.each([
    [0, 5, false],
    [3, 5, false],
    [4, 5, true],
  ])(
    'hands notification.deliver to the delivery service (tried %d of %d times before: last try %s)',
    async (made, attempts, final) => {
      const data = { deliveryId: '6f1c0c1e-0000-4000-8000-000000000002' };
      await processor.process({
        name: JOBS.notificationDeliver,
        data,
        attemptsMade: made,
        opts: { attempts },
      } as never);
      expect(deliver).toHaveBeenLastCalledWith(data, { final });
    },
  );

  const link = {
    linkId: 'l1',
    caseId: 'c1',
    ledgerNo: 'XZ-GD-2026-00001',
    phone: '13800000000',
    url: 'http://x/confirm/t',
    expiresAt: '2026-03-09T00:00:00.000Z',
  };

  it('skips the confirmation-link SMS job when no SMS gateway is configured', async () => {
    await expect(processor.process({ name: JOBS.confirmationLinkSms, data: link } as never)).resolves.toEqual(
      {
        result: 'skipped',
        why: 'no SMS channel configured',
      },
    );
  });

  it.each([
    {
      why: 'sends the confirmation link through the SMS channel, the link id as the message id',
      usable: true,
      answer: { result: 'done', channel: 'sms' },
    },
    {
      why: 'does not send a link that was replaced, answered or expired before the job ran',
      usable: false,
      answer: { result: 'skipped', why: 'the link is no longer usable' },
    },
  ])('$why', async ({ usable, answer }) => {
    const sent: OutboundNotification[] = [];
    const sms: NotificationChannel = { name: 'sms', send: async (n) => void sent.push(n) };
    const withSms = new NotificationsProcessor(
      { send } as unknown as NotificationService,
      { deliver } as unknown as DeliveryService,
      new ConfirmationLinkSmsService(linkDb(usable), { sms }),
    );
    await expect(withSms.process({ name: JOBS.confirmationLinkSms, data: link } as never)).resolves.toEqual(
      answer,
    );
    expect(sent).toHaveLength(usable ? 1 : 0);
    if (usable) {
      expect(sent[0]).toMatchObject({ phone: '13800000000', deliveryId: 'l1', ledgerNo: 'XZ-GD-2026-00001' });
      expect(sent[0].title).toContain('http://x/confirm/t');
      expect(sent[0].title).toContain('2026-03-09');
    }
  });

  it('refuses a job name it has no handler for', async () => {
    await expect(processor.process({ name: 'nope', data: {} } as never)).rejects.toThrow(
      /no handler for job nope/,
    );
  });
});
