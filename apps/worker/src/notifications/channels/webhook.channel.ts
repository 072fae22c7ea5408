import { createHmac } from 'node:crypto';
import { NotificationChannel, OutboundNotification, PermanentDeliveryError } from '../notification-channel';
import { postJson } from './http';

/** The text a group robot posts: who it is for, then the title. */
export function robotText(n: OutboundNotification): string {
  return `【台账】${n.displayName}：${n.title}`;
}

/**
 * DingTalk's signed address (加签): `timestamp` (ms) and `sign` = Base64(HMAC-SHA256(secret,
 * "timestamp\nsecret")), URL-encoded, appended to the webhook's query.
 */
export function dingTalkSignedUrl(url: string, secret: string, now = Date.now()): string {
  const sign = createHmac('sha256', secret).update(`${now}\n${secret}`, 'utf8').digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', String(now));
  u.searchParams.set('sign', sign);
  return u.toString();
}

/**
 * The user's unit's group robot: 企业微信 (WeCom) or 钉钉 (DingTalk), a text message that @-mentions the user
 * by phone. Both answer `{ errcode: 0 }` when they took it.
 */
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook';

  async send(n: OutboundNotification): Promise<void> {
    const hook = n.webhook;
    if (!hook) throw new PermanentDeliveryError("the user's unit has no group robot");
    const content = robotText(n);
    const mobiles = n.phone ? [n.phone] : [];
    const reply =
      hook.kind === 'wecom'
        ? await postJson(hook.url, { msgtype: 'text', text: { content, mentioned_mobile_list: mobiles } })
        : await postJson(hook.secret ? dingTalkSignedUrl(hook.url, hook.secret) : hook.url, {
            msgtype: 'text',
            text: { content },
            at: { atMobiles: mobiles, isAtAll: false },
          });
    const code = Number(reply['errcode'] ?? 0);
    if (code !== 0)
      throw new Error(`${hook.kind} robot: errcode ${code} ${String(reply['errmsg'] ?? '')}`.trim());
  }
}
