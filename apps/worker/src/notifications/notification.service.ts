import { Inject, Injectable, Logger } from '@nestjs/common';
import { claimNotificationForSend, createDeliveries } from '@taizhang/db';
import { OUTBOUND_CHANNELS as CHANNEL_NAMES, outboundChannelsFor } from '@taizhang/domain';
import type { NotificationSendPayload } from '@taizhang/queue';
import { DataSource } from 'typeorm';
import { WorkerMetrics } from '../metrics/worker-metrics';
import {
  NOTIFICATION_CHANNEL,
  NotificationChannel,
  OUTBOUND_CHANNELS,
  OutboundChannels,
  reachable,
} from './notification-channel';

export type SendOutcome =
  { result: 'done'; channel: string; deliveries?: number } | { result: 'skipped'; why: string };

/**
 * Hands one notification over, once: to the log channel (a line each), and to each outbound channel the
 * user wants for its kind, that is configured and that can reach him (a delivery each, job
 * `notification.deliver`, retried on its own).
 */
@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);

  constructor(
    private readonly ds: DataSource,
    @Inject(NOTIFICATION_CHANNEL) private readonly channel: NotificationChannel,
    @Inject(OUTBOUND_CHANNELS) private readonly outbound: OutboundChannels,
    private readonly metrics: WorkerMetrics,
  ) {}

  /**
   * Claim the notification (marks it handed over; skipped if it was already), log it, write its deliveries
   * and their jobs. A failure rolls back, the mark too, and the job is retried; a re-delivered job does nothing.
   */
  async send(p: NotificationSendPayload): Promise<SendOutcome> {
    let handedOver = false;
    try {
      const out = await this.sendOnce(p, () => (handedOver = true));
      this.metrics.notifications.inc({
        channel: this.channel.name,
        outcome: out.result === 'done' ? 'sent' : 'skipped',
      });
      return out;
    } catch (err) {
      // a channel that refused it (or a commit that failed after it); the job is retried
      if (handedOver) this.metrics.notifications.inc({ channel: this.channel.name, outcome: 'failed' });
      throw err;
    }
  }

  private sendOnce(p: NotificationSendPayload, sending: () => void): Promise<SendOutcome> {
    return this.ds.transaction(async (m) => {
      const claim = await claimNotificationForSend(m, p.notificationId);
      if (!claim.notification) return { result: 'skipped', why: claim.why };
      const n = claim.notification;
      sending();
      const outbound = { ...n, email: n.email, webhook: n.webhook };
      await this.channel.send(outbound);
      const wanted = outboundChannelsFor(n.kind, n.choices);
      const channels = CHANNEL_NAMES.filter((c) => wanted.includes(c) && this.outbound[c] && reachable(c, n));
      const ids = await createDeliveries(m, n.id, channels, p.requestId);
      if (ids.length) this.logger.debug(`notification ${n.id}: ${channels.join(', ')}`);
      return { result: 'done', channel: this.channel.name, deliveries: ids.length };
    });
  }
}
