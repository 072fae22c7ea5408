import type { NotificationKind } from './notification';
import { NOTIFICATION_KINDS } from './notification';

/**
 * Where a notification reaches its user: the in-app list (always), a text message to his phone, an e-mail,
 * and his unit's group robot (企业微信 / 钉钉), which @-mentions him.
 */
export const NOTIFICATION_CHANNELS = ['in_app', 'sms', 'email', 'webhook'] as const;
export type NotificationChannelName = (typeof NOTIFICATION_CHANNELS)[number];
/** The channels beyond the app: each is an adapter in the worker, used only when it is configured. */
export const OUTBOUND_CHANNELS = [
  'sms',
  'email',
  'webhook',
] as const satisfies readonly NotificationChannelName[];
export type OutboundChannelName = (typeof OUTBOUND_CHANNELS)[number];

/**
 * The kinds that bring a text message unless the user says otherwise: those that ask him to act soon or
 * tell him time runs out (a text message costs money and attention; the rest come by e-mail and the robot).
 */
const SMS_BY_DEFAULT: readonly NotificationKind[] = [
  'assigned',
  'returned',
  'resolved',
  'urged',
  'deadline_near',
  'deadline_missed',
];

/** Whether `channel` brings `kind` to a user who chose nothing. The in-app list brings everything. */
export function defaultChannelOn(kind: NotificationKind, channel: NotificationChannelName): boolean {
  switch (channel) {
    case 'in_app':
    case 'email':
    case 'webhook':
      return true;
    case 'sms':
      return SMS_BY_DEFAULT.includes(kind);
  }
}

/** A user's choice for one kind on one channel (only the choices he made are stored). */
export interface ChannelChoice {
  kind: NotificationKind;
  channel: NotificationChannelName;
  enabled: boolean;
}

/** Whether the in-app channel can be switched off (never: the list is the record of what happened). */
export function isChoosable(channel: NotificationChannelName): boolean {
  return channel !== 'in_app';
}

/** The whole grid a user sees: every kind × channel, his choice where he made one, else the default. */
export function effectiveChoices(stored: readonly ChannelChoice[]): ChannelChoice[] {
  const key = (k: string, c: string) => `${k}|${c}`;
  const chosen = new Map(
    stored.filter((s) => isChoosable(s.channel)).map((s) => [key(s.kind, s.channel), s.enabled]),
  );
  return NOTIFICATION_KINDS.flatMap((kind) =>
    NOTIFICATION_CHANNELS.map((channel) => ({
      kind,
      channel,
      enabled: chosen.get(key(kind, channel)) ?? defaultChannelOn(kind, channel),
    })),
  );
}

/** The outbound channels that bring `kind` to a user with these stored choices. */
export function outboundChannelsFor(
  kind: NotificationKind,
  stored: readonly ChannelChoice[],
): OutboundChannelName[] {
  // effectiveChoices' answer for this kind alone (its last stored choice wins), without building the whole
  // grid for every notification handed over
  return OUTBOUND_CHANNELS.filter((channel) => {
    let on = defaultChannelOn(kind, channel);
    for (const s of stored) if (s.kind === kind && s.channel === channel) on = s.enabled;
    return on;
  });
}
