import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { JOBS, JobPayloads, JobsOn, QUEUES } from '@taizhang/queue';
import { Job } from 'bullmq';
import { ConfirmationLinkSmsService } from '../notifications/confirmation-link-sms.service';
import { DeliverOutcome, DeliveryService } from '../notifications/delivery.service';
import { NotificationService, SendOutcome } from '../notifications/notification.service';
import { postponeWhileDatabaseDown } from './postpone';

type Name = JobsOn<typeof QUEUES.notifications>;

/** Thin: every job name of the queue has exactly one handler, which calls a service. */
@Processor(QUEUES.notifications, { concurrency: 8 })
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);

  readonly handlers: {
    [N in Name]: (data: JobPayloads[N], job?: Job) => Promise<SendOutcome | DeliverOutcome>;
  } = {
    [JOBS.notificationSend]: (data) => this.notifications.send(data),
    [JOBS.notificationDeliver]: (data, job) =>
      this.deliveries.deliver(data, { final: !job || job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
    [JOBS.confirmationLinkSms]: (data) => this.links.send(data),
  };

  constructor(
    private readonly notifications: NotificationService,
    private readonly deliveries: DeliveryService,
    private readonly links: ConfirmationLinkSmsService,
  ) {
    super();
  }

  async process(job: Job, token?: string): Promise<SendOutcome | DeliverOutcome> {
    const handler = this.handlers[job.name as Name] as (
      data: unknown,
      job?: Job,
    ) => Promise<SendOutcome | DeliverOutcome>;
    if (!handler) throw new Error(`no handler for job ${job.name} on queue ${QUEUES.notifications}`);
    const out = await postponeWhileDatabaseDown(job, token, () => handler(job.data, job));
    if (out.result === 'skipped') this.logger.debug(`job ${job.id}: skipped (${out.why})`);
    return out;
  }
}
