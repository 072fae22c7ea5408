import { Logger } from '@nestjs/common';
import type { NotificationKind, OutboundChannelName } from '@taizhang/domain';
import type { UnitWebhook } from '@taizhang/db';

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
  email?: string | null;
  /** The group robot of the user's unit, if it has one. */
  webhook?: UnitWebhook | null;
  /** The delivery being attempted (outbound channels): an idempotency key for gateways that take one. */
  deliveryId?: string;
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

/**
 * A channel that failed for a reason no retry can fix (the gateway refused the request as malformed, the
 * user has no phone): the delivery is marked failed at once instead of being retried.
 */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** The adapters beyond the app that are configured (SMS, e-mail, group robot), by channel. */
export type OutboundChannels = Partial<Record<OutboundChannelName, NotificationChannel>>;
export const OUTBOUND_CHANNELS = Symbol('OUTBOUND_CHANNELS');

/** What a channel needs of a notification to reach its user (a phone, an e-mail address, a unit's robot). */
export function reachable(
  channel: OutboundChannelName,
  n: Pick<OutboundNotification, 'phone' | 'email' | 'webhook'>,
): boolean {
  switch (channel) {
    case 'sms':
      return Boolean(n.phone);
    case 'email':
      return Boolean(n.email);
    case 'webhook':
      return Boolean(n.webhook);
  }
}

/** The default transport: one log line per notification. */
export class LoggingNotificationChannel implements NotificationChannel {
  readonly name = 'log';
  private readonly logger = new Logger(LoggingNotificationChannel.name);

  async send(n: OutboundNotification): Promise<void> {
    this.logger.log(`notify ${n.username} (${n.displayName}) [${n.kind}] ${n.title}`);
  }
}
