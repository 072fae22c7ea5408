import { Inject, Injectable, Logger } from '@nestjs/common';
import { confirmationLinkStillUsable } from '@taizhang/db';
import type { ConfirmationLinkSmsPayload } from '@taizhang/queue';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { OUTBOUND_CHANNELS, OutboundChannels, PermanentDeliveryError } from './notification-channel';
import type { SendOutcome } from './notification.service';

/** The SMS text of a confirmation link (the notification template's `content`). */
export function confirmationLinkText(url: string, expiresAt: string): string {
  const day = expiresAt.slice(0, 10);
  return `您反映的问题已办结，请点击链接确认并评价（${day}前有效）：${url}`;
}

/**
 * Sends the enterprise's contact its one-time confirmation link through the SMS channel (issue 13), with the
 * link's id as the gateway's OutId, so a retried job is the same message to a gateway that deduplicates.
 * Without an SMS gateway configured the job is skipped (the instructor shows the QR code instead); a gateway
 * failure is thrown, so BullMQ retries it; a refusal no retry can fix ends the job.
 */
@Injectable()
export class ConfirmationLinkSmsService {
  private readonly logger = new Logger(ConfirmationLinkSmsService.name);

  constructor(
    private readonly ds: DataSource,
    @Inject(OUTBOUND_CHANNELS) private readonly channels: OutboundChannels,
  ) {}

  async send(p: ConfirmationLinkSmsPayload, now: Date = new Date()): Promise<SendOutcome> {
    const sms = this.channels['sms'];
    const masked = p.phone.replace(/\d(?=\d{4})/g, '*');
    if (!sms) {
      this.logger.log(`confirmation link for case ${p.caseId} to ${masked}: no SMS gateway configured`);
      return { result: 'skipped', why: 'no SMS channel configured' };
    }
    // a link replaced, answered or expired before its job ran (or retried) is not sent: it would open 已失效
    if (!(await confirmationLinkStillUsable(this.ds, p.linkId, now))) {
      this.logger.log(`confirmation link for case ${p.caseId} to ${masked}: no longer usable, not sent`);
      return { result: 'skipped', why: 'the link is no longer usable' };
    }
    try {
      await sms.send({
        id: p.linkId,
        deliveryId: p.linkId,
        userId: '',
        username: '',
        displayName: '',
        phone: p.phone,
        caseId: p.caseId,
        ledgerNo: p.ledgerNo ?? '',
        kind: 'resolved',
        title: confirmationLinkText(p.url, p.expiresAt),
        createdAt: new Date().toISOString(),
      });
    } catch (e) {
      if (e instanceof PermanentDeliveryError) throw new UnrecoverableError(e.message);
      throw e;
    }
    this.logger.log(`confirmation link for case ${p.caseId} sent to ${masked}`);
    return { result: 'done', channel: 'sms' };
  }
}
