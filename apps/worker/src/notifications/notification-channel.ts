import { Logger } from '@nestjs/common';
import type { NotificationKind } from '@taizhang/domain';

/** What an outbound channel is given: one notification for one user, with what a message needs. */
export interface OutboundNotification {
  id: string;
  userId: string;
  username: string;
  displayName: string;
  phone: string | null;
  caseId: string;
  ledgerNo: string;
  kind: NotificationKind;
  title: string;
  createdAt: string;
}

/**
 * Where notifications go beyond the in-app list (SMS, 政务微信, e-mail …). `send` throws when delivery
 * failed: the job is retried with back-off, and a notification that was sent is never sent again.
 */
export interface NotificationChannel {
  readonly name: string;
  send(n: OutboundNotification): Promise<void>;
}

export const NOTIFICATION_CHANNEL = Symbol('NOTIFICATION_CHANNEL');

/** The default transport: one log line per notification. */
export class LoggingNotificationChannel implements NotificationChannel {
  readonly name = 'log';
  private readonly logger = new Logger(LoggingNotificationChannel.name);

  async send(n: OutboundNotification): Promise<void> {
    this.logger.log(`notify ${n.username} (${n.displayName}) [${n.kind}] ${n.title}`);
  }
}
