import type { SmsGatewayConfig } from '@taizhang/config';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { postJson } from './http';

/** One template text message (短信模板) to one phone. */
export interface TemplateSms {
  phone: string;
  /** The approved template; the gateway's configured one by default. */
  templateCode?: string;
  /** The template's variables (strings, as the gateways want them). */
  params: Record<string, string>;
  /** Our id of the message (the gateways' OutId): a retry of the same message carries the same one. */
  outId?: string;
}

/** The headers that carry the signature. */
export const SMS_HEADERS = {
  keyId: 'x-sms-access-key-id',
  timestamp: 'x-sms-timestamp',
  nonce: 'x-sms-nonce',
  signature: 'x-sms-signature',
} as const;

/**
 * The string the gateway and we sign: method, path, timestamp, nonce and the body's SHA-256, one per line.
 * Exported so a gateway (or a test playing one) can check a request.
 */
export function smsCanonical(
  method: string,
  path: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return [
    method.toUpperCase(),
    path,
    timestamp,
    nonce,
    createHash('sha256').update(body, 'utf8').digest('hex'),
  ].join('\n');
}

export function smsSignature(secret: string, canonical: string): string {
  return createHmac('sha256', secret).update(canonical, 'utf8').digest('base64');
}

/**
 * Send one template text message through the HTTP SMS gateway, shaped like the common Chinese cloud SMS APIs:
 * a JSON POST `{ PhoneNumbers, SignName, TemplateCode, TemplateParam (JSON text), OutId }`, signed with
 * HMAC-SHA256 over the canonical request with the access key secret (`X-Sms-*` headers). The reply's `Code`
 * must be `OK`. Throws when the message was not taken (a PermanentDeliveryError when retrying cannot help).
 * Reusable beyond notifications (e.g. the enterprise's confirmation link).
 */
export async function sendTemplateSms(
  gw: SmsGatewayConfig,
  sms: TemplateSms,
): Promise<{ requestId: string | null; bizId: string | null }> {
  const body = JSON.stringify({
    PhoneNumbers: sms.phone,
    SignName: gw.signName,
    TemplateCode: sms.templateCode ?? gw.templateCode,
    TemplateParam: JSON.stringify(sms.params),
    OutId: sms.outId ?? randomUUID(),
  });
  const timestamp = new Date().toISOString();
  const nonce = randomUUID();
  const path = new URL(gw.url).pathname;
  const signature = smsSignature(gw.accessKeySecret, smsCanonical('POST', path, timestamp, nonce, body));
  const reply = await postJson(gw.url, body, {
    [SMS_HEADERS.keyId]: gw.accessKeyId,
    [SMS_HEADERS.timestamp]: timestamp,
    [SMS_HEADERS.nonce]: nonce,
    [SMS_HEADERS.signature]: signature,
  });
  if (reply['Code'] !== 'OK')
    throw new Error(`SMS gateway: ${String(reply['Code'])} ${String(reply['Message'] ?? '')}`.trim());
  return { requestId: (reply['RequestId'] as string) ?? null, bizId: (reply['BizId'] as string) ?? null };
}
