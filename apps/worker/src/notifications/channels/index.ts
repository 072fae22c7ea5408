import type { AppConfig } from '@taizhang/config';
import type { OutboundChannels } from '../notification-channel';
import { EmailChannel } from './email.channel';
import { SmsChannel } from './sms.channel';
import { WebhookChannel } from './webhook.channel';

export { EmailChannel, SmsChannel, WebhookChannel };
export * from './sms-gateway';
export { dingTalkSignedUrl, robotText } from './webhook.channel';

/**
 * The outbound channels this configuration has: SMS with a gateway, e-mail with an SMTP server, and the
 * group robots always (each unit sets its own; a unit without one gets nothing). Nothing configured and no
 * unit with a robot: notifications stay in the app.
 */
export function channelsFromConfig(config: Pick<AppConfig, 'sms' | 'smtp'>): OutboundChannels {
  return {
    ...(config.sms ? { sms: new SmsChannel(config.sms) } : {}),
    ...(config.smtp ? { email: new EmailChannel(config.smtp) } : {}),
    webhook: new WebhookChannel(),
  };
}
