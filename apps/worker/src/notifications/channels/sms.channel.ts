import type { SmsGatewayConfig } from '@taizhang/config';
import { NotificationChannel, OutboundNotification, PermanentDeliveryError } from '../notification-channel';
import { sendTemplateSms } from './sms-gateway';

/** Text messages through the SMS gateway: the notification's title as the template's `content`. */
export class SmsChannel implements NotificationChannel {
  readonly name = 'sms';
  constructor(private readonly gw: SmsGatewayConfig) {}

  async send(n: OutboundNotification): Promise<void> {
    if (!n.phone) throw new PermanentDeliveryError('the user has no phone number');
    await sendTemplateSms(this.gw, {
      phone: n.phone,
      params: { ledgerNo: n.ledgerNo, content: n.title },
      outId: n.deliveryId ?? n.id,
    });
  }
}
