import { createTransport, type Transporter } from 'nodemailer';
import { NotificationChannel, OutboundNotification, PermanentDeliveryError } from '../notification-channel';
import { CHANNEL_TIMEOUT_MS } from './http';

/** E-mail over SMTP (nodemailer): the title as the subject, a short plain-text body. */
export class EmailChannel implements NotificationChannel {
  readonly name = 'email';
  private readonly transport: Transporter;

  constructor(smtp: { url: string; from: string }) {
    this.transport = createTransport(smtp.url, {
      from: smtp.from,
      connectionTimeout: CHANNEL_TIMEOUT_MS,
      greetingTimeout: CHANNEL_TIMEOUT_MS,
      socketTimeout: CHANNEL_TIMEOUT_MS,
    });
  }

  async send(n: OutboundNotification): Promise<void> {
    if (!n.email) throw new PermanentDeliveryError('the user has no e-mail address');
    await this.transport.sendMail({
      to: n.email,
      subject: `【台账】${n.title}`,
      text: `${n.displayName}，您好：\n\n${n.title}\n\n台账编号：${n.ledgerNo}\n请登录台账系统查看和办理。\n\n（本邮件由系统自动发送，请勿回复。）`,
      headers: { 'X-Taizhang-Delivery': n.deliveryId ?? n.id },
    });
  }

  close(): void {
    this.transport.close();
  }
}
