import { Inject, Injectable, Logger } from '@nestjs/common';
import { lockDelivery, recordDeliveryAttempt } from '@taizhang/db';
import type { NotificationDeliverPayload } from '@taizhang/queue';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { OUTBOUND_CHANNELS, OutboundChannels, PermanentDeliveryError } from './notification-channel';

export type DeliverOutcome =
  { result: 'done'; channel: string; attempt: number } | { result: 'skipped'; why: string };

/**
 * One notification on one outbound channel. Each attempt is recorded (delivery_attempts), successful or
 * not; a failure is thrown so BullMQ retries with back-off, and the last failure marks the delivery failed
 * (the admins' list, where it can be retried). The delivery row is locked while its channel is called, so
 * two jobs for it never both send, and a sent one is never sent again.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly ds: DataSource,
    @Inject(OUTBOUND_CHANNELS) private readonly channels: OutboundChannels,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** `final`: this is the job's last try (BullMQ will not retry a failure). */
  async deliver(p: NotificationDeliverPayload, opts: { final: boolean }): Promise<DeliverOutcome> {
    let failure: { error: Error; durationMs: number; channel: string } | null = null;
    const out = await this.ds.transaction(async (m): Promise<DeliverOutcome> => {
      const d = await lockDelivery(m, p.deliveryId);
      if (!d) return { result: 'skipped', why: 'no such delivery' };
      if (d.status !== 'pending') return { result: 'skipped', why: `already ${d.status}` };
      const channel = this.channels[d.channel];
      const started = Date.now();
      try {
        if (!channel) throw new PermanentDeliveryError(`the ${d.channel} channel is not configured`);
        await channel.send({ ...d.notification, deliveryId: d.deliveryId });
      } catch (err) {
        failure = { error: err as Error, durationMs: Date.now() - started, channel: d.channel };
        return { result: 'skipped', why: 'failed' };
      }
      const attempt = await recordDeliveryAttempt(m, d.deliveryId, {
        ok: true,
        durationMs: Date.now() - started,
        final: opts.final,
      });
      return { result: 'done', channel: d.channel, attempt };
    });
    const f = failure as { error: Error; durationMs: number; channel: string } | null;
    if (!f) {
      if (out.result === 'done') this.metrics.notifications.inc({ channel: out.channel, outcome: 'sent' });
      return out;
    }
    // the attempt is recorded outside the sending transaction (which did nothing): it stays whatever follows
    const permanent = f.error instanceof PermanentDeliveryError;
    const attempt = await recordDeliveryAttempt(this.ds, p.deliveryId, {
      ok: false,
      error: f.error.message,
      durationMs: f.durationMs,
      final: opts.final || permanent,
    });
    this.metrics.notifications.inc({ channel: f.channel, outcome: 'failed' });
    this.logger.warn(`delivery ${p.deliveryId}: attempt ${attempt} failed: ${f.error.message}`);
    if (permanent) throw new UnrecoverableError(f.error.message);
    throw f.error;
  }
}
