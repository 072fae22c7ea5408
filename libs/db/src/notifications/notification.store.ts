import type { FailedDeliveryDto } from '@taizhang/contracts';
import type { ChannelChoice, NotificationKind, OutboundChannelName, WorkCalendar } from '@taizhang/domain';
import { PENDING_STATUSES, deadlineNearHorizon, sqlStatusList } from '@taizhang/domain';
import { JOBS, JOB_QUEUE, NotificationDeliverPayload, deliveryJobId } from '@taizhang/queue';
import type { EntityManager } from 'typeorm';
import { notifyMany } from '../cases/case-notify.store';
import type { CasesRow } from '../cases/case-rows';

/** Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner. */
type Queryable = Pick<EntityManager, 'query'>;

const iso = (v: unknown): string | null => (v == null ? null : new Date(v as string).toISOString());

// ---------------------------------------------------------------- preferences

/**
 * SQL: the choices the user `userSql` made, as a JSON array ordered by kind and channel: one text for
 * `loadChannelChoices` and for the lock statement of the hand-over, which reads them in the same round trip.
 */
const CHANNEL_CHOICES_JSON = (userSql: string) =>
  `(SELECT coalesce(json_agg(json_build_object('kind', p.kind, 'channel', p.channel, 'enabled', p.enabled)
                             ORDER BY p.kind, p.channel), '[]'::json)
      FROM notification_preferences p WHERE p.user_id = ${userSql})`;

/** The choices a user made (the rest are the defaults of `effectiveChoices` in libs/domain). */
export async function loadChannelChoices(q: Queryable, userId: string): Promise<ChannelChoice[]> {
  const [row]: { choices: ChannelChoice[] }[] = await q.query(
    `SELECT ${CHANNEL_CHOICES_JSON('$1::uuid')} AS choices`,
    [userId],
  );
  return row?.choices ?? [];
}

/** Store a user's choices (each replaces the one for its kind and channel); in-app is never stored. */
export async function saveChannelChoices(
  q: Queryable,
  userId: string,
  choices: ChannelChoice[],
): Promise<void> {
  const out = choices.filter((c) => c.channel !== 'in_app');
  if (!out.length) return;
  await q.query(
    `INSERT INTO notification_preferences (user_id, kind, channel, enabled)
     SELECT $1, x.kind, x.channel, x.enabled FROM unnest($2::text[], $3::text[], $4::boolean[]) AS x(kind, channel, enabled)
     ON CONFLICT (user_id, kind, channel) DO UPDATE SET enabled = EXCLUDED.enabled`,
    [userId, out.map((c) => c.kind), out.map((c) => c.channel), out.map((c) => c.enabled)],
  );
}

// ---------------------------------------------------------------- fan-out to channels

/** One notification with what its channels need: the user's contact, his unit's group robot, his choices. */
export interface NotificationForSend {
  id: string;
  userId: string;
  username: string;
  displayName: string;
  phone: string | null;
  email: string | null;
  caseId: string;
  ledgerNo: string;
  kind: NotificationKind;
  title: string;
  createdAt: string;
  sentAt: string | null;
  webhook: UnitWebhook | null;
  choices: ChannelChoice[];
}

export interface UnitWebhook {
  unitName: string;
  kind: 'wecom' | 'dingtalk';
  url: string;
  secret: string | null;
}

const SEND_COLUMNS = `n.id, n.user_id, n.case_id, n.kind, n.title, n.created_at, n.sent_at, u.username, u.display_name, u.phone, u.email,
       c.ledger_no, un.name AS unit_name, un.webhook_kind, un.webhook_url, un.webhook_secret`;
const SEND_FROM = `notifications n JOIN users u ON u.id = n.user_id JOIN cases c ON c.id = n.case_id LEFT JOIN units un ON un.id = u.unit_id`;

/** A notification row with what its channels need (SEND_COLUMNS). */
interface SendDbRow {
  id: string;
  user_id: string;
  case_id: string;
  kind: NotificationKind;
  title: string;
  created_at: Date;
  sent_at: Date | null;
  username: string;
  display_name: string;
  phone: string | null;
  email: string | null;
  ledger_no: string;
  unit_name: string | null;
  webhook_kind: UnitWebhook['kind'] | null;
  webhook_url: string | null;
  webhook_secret: string | null;
}

function sendRow(r: SendDbRow, choices: ChannelChoice[]): NotificationForSend {
  return {
    id: r.id,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    phone: r.phone || null,
    email: r.email || null,
    caseId: r.case_id,
    ledgerNo: r.ledger_no,
    kind: r.kind,
    title: r.title,
    createdAt: iso(r.created_at) as string,
    sentAt: iso(r.sent_at),
    webhook:
      r.webhook_url && r.webhook_kind
        ? {
            unitName: r.unit_name ?? '',
            kind: r.webhook_kind,
            url: r.webhook_url,
            secret: r.webhook_secret || null,
          }
        : null,
    choices,
  };
}

/** What `claimNotificationForSend` answers: the notification, or why there is none to hand over. */
export type NotificationClaim =
  | { notification: NotificationForSend }
  | { notification: null; why: 'already sent' | 'no such notification' };

/**
 * Claim one notification for its hand-over, which runs once: mark it handed over (`sent_at`) and answer what
 * its channels need, the user's channel choices included, in one statement (one round trip, where a lock and
 * a later mark took two). The row stays locked until the caller's transaction ends, so a second hand-over
 * waits and then finds it sent; a failure rolls the mark back with everything else.
 */
export async function claimNotificationForSend(m: Queryable, id: string): Promise<NotificationClaim> {
  // an UPDATE answers [rows, count] through TypeORM
  const [rows]: [(SendDbRow & { choices: ChannelChoice[] })[], number] = await m.query(
    `UPDATE notifications n SET sent_at = now()
       FROM users u LEFT JOIN units un ON un.id = u.unit_id, cases c
      WHERE n.id = $1 AND n.sent_at IS NULL AND u.id = n.user_id AND c.id = n.case_id
      RETURNING ${SEND_COLUMNS}, ${CHANNEL_CHOICES_JSON('n.user_id')} AS choices`,
    [id],
  );
  const r = rows[0];
  if (r) return { notification: sendRow(r, r.choices) };
  const [seen]: { sent: boolean }[] = await m.query(
    `SELECT sent_at IS NOT NULL AS sent FROM notifications WHERE id = $1`,
    [id],
  );
  return { notification: null, why: seen?.sent ? 'already sent' : 'no such notification' };
}

/**
 * One delivery per channel of a claimed notification (a channel already there is left alone) and the outbox
 * rows of their `notification.deliver` jobs. Answers the new ids.
 */
export async function createDeliveries(
  m: Queryable,
  notificationId: string,
  channels: OutboundChannelName[],
  requestId?: string,
): Promise<string[]> {
  let ids: string[] = [];
  if (channels.length) {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO notification_deliveries (notification_id, channel) SELECT $1, unnest($2::text[])
       ON CONFLICT (notification_id, channel) DO NOTHING RETURNING id`,
      [notificationId, channels],
    );
    ids = rows.map((r) => r.id);
    if (ids.length)
      await queueDeliveries(
        m,
        ids.map((id) => ({ id, retry: 0 })),
        requestId,
      );
  }
  return ids;
}

async function queueDeliveries(
  m: Queryable,
  items: { id: string; retry: number }[],
  requestId?: string,
): Promise<void> {
  const payloads: NotificationDeliverPayload[] = items.map((i) => ({
    deliveryId: i.id,
    ...(requestId ? { requestId } : {}),
  }));
  await m.query(
    `INSERT INTO outbox (queue, name, job_id, payload, run_at)
     SELECT $1, $2, x.job_id, x.payload, now() FROM unnest($3::text[], $4::jsonb[]) AS x(job_id, payload)`,
    [
      JOB_QUEUE[JOBS.notificationDeliver],
      JOBS.notificationDeliver,
      items.map((i) => deliveryJobId(i.id, i.retry)),
      payloads.map((p) => JSON.stringify(p)),
    ],
  );
}

// ---------------------------------------------------------------- deliveries

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** One delivery with its notification, as the adapter needs it. */
export interface DeliveryForSend {
  deliveryId: string;
  channel: OutboundChannelName;
  status: DeliveryStatus;
  attempts: number;
  notification: NotificationForSend;
}

/** Lock one delivery for its attempt (a second job for it waits, then finds it sent); null if it is gone. */
export async function lockDelivery(m: Queryable, deliveryId: string): Promise<DeliveryForSend | null> {
  const rows: (SendDbRow & {
    delivery_id: string;
    channel: OutboundChannelName;
    status: DeliveryStatus;
    attempts: number;
  })[] = await m.query(
    `SELECT d.id AS delivery_id, d.channel, d.status, d.attempts, ${SEND_COLUMNS}
       FROM notification_deliveries d JOIN ${SEND_FROM} ON n.id = d.notification_id
      WHERE d.id = $1 FOR UPDATE OF d`,
    [deliveryId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    deliveryId: r.delivery_id,
    channel: r.channel,
    status: r.status,
    attempts: Number(r.attempts),
    notification: sendRow(r, []),
  };
}

/**
 * Record one attempt: `ok` marks the delivery sent; a failure keeps it pending (the job is retried) or, on
 * the last try (`final`), marks it failed for the admins' list. Answers the attempt's number.
 */
export async function recordDeliveryAttempt(
  q: Queryable,
  deliveryId: string,
  a: { ok: boolean; error?: string | null; durationMs: number; final: boolean },
): Promise<number> {
  const status: DeliveryStatus = a.ok ? 'sent' : a.final ? 'failed' : 'pending';
  const error = a.ok ? null : (a.error ?? 'failed').slice(0, 2000);
  const rows: { attempt: number }[] = await q.query(
    `WITH d AS (
       UPDATE notification_deliveries SET attempts = attempts + 1, status = $2, last_error = COALESCE($3, last_error),
              updated_at = now(), sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
        WHERE id = $1 RETURNING id, attempts)
     INSERT INTO delivery_attempts (delivery_id, attempt, ok, error, duration_ms)
     SELECT d.id, d.attempts, $4, $3, $5 FROM d RETURNING attempt`,
    [deliveryId, status, error, a.ok, Math.round(a.durationMs)],
  );
  return Number(rows[0]?.attempt ?? 0);
}

/** A delivery that failed, for the admins' list. */
export type FailedDeliveryRow = FailedDeliveryDto;

/** Failed deliveries, newest first, and how many there are. */
export async function listFailedDeliveries(
  q: Queryable,
  page: { limit: number; offset: number; channel?: OutboundChannelName },
): Promise<{ items: FailedDeliveryRow[]; total: number }> {
  const where = `d.status = 'failed'${page.channel ? ` AND d.channel = $3` : ''}`;
  const params: unknown[] = [page.limit, page.offset, ...(page.channel ? [page.channel] : [])];
  const rows: {
    id: string;
    channel: OutboundChannelName;
    attempts: number;
    last_error: string | null;
    updated_at: Date;
    notification_id: string;
    kind: NotificationKind;
    title: string;
    case_id: string;
    ledger_no: string;
    user_id: string;
    username: string;
    display_name: string;
    total: string;
  }[] = await q.query(
    `SELECT d.id, d.channel, d.attempts, d.last_error, d.updated_at, n.id AS notification_id, n.kind, n.title, n.case_id,
            c.ledger_no, u.id AS user_id, u.username, u.display_name, count(*) OVER () AS total
       FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
       JOIN cases c ON c.id = n.case_id JOIN users u ON u.id = n.user_id
      WHERE ${where} ORDER BY d.updated_at DESC, d.id LIMIT $1 OFFSET $2`,
    params,
  );
  let total = rows.length ? Number(rows[0]?.total) : 0;
  if (!rows.length && page.offset > 0) {
    const c: { n: string }[] = await q.query(
      `SELECT count(*) AS n FROM notification_deliveries d WHERE ${where.replace('$3', '$1')}`,
      page.channel ? [page.channel] : [],
    );
    total = Number(c[0]?.n ?? 0);
  }
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      attempts: Number(r.attempts),
      lastError: r.last_error ?? null,
      updatedAt: iso(r.updated_at) as string,
      notificationId: r.notification_id,
      kind: r.kind,
      title: r.title,
      caseId: r.case_id,
      ledgerNo: r.ledger_no,
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
    })),
  };
}

/** The attempts of one delivery, oldest first. */
export async function deliveryAttempts(
  q: Queryable,
  deliveryId: string,
): Promise<{ attempt: number; ok: boolean; error: string | null; durationMs: number; at: string }[]> {
  const rows: { attempt: number; ok: boolean; error: string | null; duration_ms: number; at: Date }[] =
    await q.query(
      `SELECT attempt, ok, error, duration_ms, at FROM delivery_attempts WHERE delivery_id = $1 ORDER BY attempt`,
      [deliveryId],
    );
  return rows.map((r) => ({
    attempt: Number(r.attempt),
    ok: Boolean(r.ok),
    error: r.error ?? null,
    durationMs: Number(r.duration_ms),
    at: iso(r.at) as string,
  }));
}

/**
 * An admin's retry of a failed delivery: pending again, and a fresh job (its own job id, so BullMQ's record
 * of the failed one does not swallow it). Answers false when the delivery is not (or no longer) failed.
 */
export async function retryFailedDelivery(
  m: Queryable,
  deliveryId: string,
  requestId?: string,
): Promise<boolean> {
  const rows: { id: string; retries: number }[] = await m.query(
    `WITH d AS (UPDATE notification_deliveries SET status = 'pending', updated_at = now() WHERE id = $1 AND status = 'failed' RETURNING id)
     SELECT d.id, (SELECT count(*)::int FROM delivery_attempts a WHERE a.delivery_id = d.id) AS retries FROM d`,
    [deliveryId],
  );
  const r = rows[0];
  if (!r) return false;
  await queueDeliveries(m, [{ id: r.id, retry: Math.max(1, r.retries) }], requestId);
  return true;
}

// ---------------------------------------------------------------- deadline near

const PENDING = sqlStatusList(PENDING_STATUSES);

/**
 * Tell the holders of cases whose resolve-by is near (at most the lead of the case's deadline policy —
 * `deadline_policies.near_lead_hours`, else `defaultLeadHours` — of working time away, not yet passed) that
 * it is, once per resolve-by: a moved deadline (an extension, a new unit) is told again when it comes near.
 * A lead of 0 tells nobody. Marks and notifications commit together in the caller's transaction. Answers
 * the cases told.
 */
export async function notifyDeadlinesNear(
  m: EntityManager,
  now: Date,
  defaultLeadHours: number,
  calendar: WorkCalendar,
  limit = 500,
): Promise<number> {
  const set: { lead: number }[] = await m.query(
    `SELECT DISTINCT COALESCE(near_lead_hours, $1)::float8 AS lead FROM deadline_policies`,
    [defaultLeadHours],
  );
  const leads = [...new Set([defaultLeadHours, ...set.map((r) => Number(r.lead))])].filter((l) => l > 0);
  if (!leads.length) return 0;
  const horizons = leads.map((l) => deadlineNearHorizon(now, l, calendar));
  const latest = new Date(Math.max(...horizons.map((h) => h.getTime())));
  const rows: CasesRow[] = await m.query(
    `WITH due AS (
       SELECT c.id, c.resolve_by FROM cases c
         LEFT JOIN deadline_policies p ON p.level = c.level AND p.priority = c.priority
         JOIN unnest($4::float8[], $5::timestamptz[]) AS h(lead, horizon) ON h.lead = COALESCE(p.near_lead_hours, $6)
        WHERE c.status IN ${PENDING} AND c.resolve_by > $1 AND c.resolve_by <= $2 AND c.resolve_by <= h.horizon
          AND NOT c.overdue
          AND NOT EXISTS (SELECT 1 FROM deadline_near_marks k WHERE k.case_id = c.id AND k.resolve_by = c.resolve_by)
        ORDER BY c.resolve_by LIMIT $3 FOR UPDATE OF c SKIP LOCKED),
     marked AS (
       INSERT INTO deadline_near_marks (case_id, resolve_by) SELECT id, resolve_by FROM due
       ON CONFLICT DO NOTHING RETURNING case_id)
     SELECT c.* FROM cases c JOIN marked k ON k.case_id = c.id`,
    [now, latest, limit, leads, horizons, defaultLeadHours],
  );
  if (!rows.length) return 0;
  await notifyMany(
    m,
    'deadline_near',
    rows.map((c) => ({ c, deadline: 'resolve' as const })),
    null,
    now,
    'deadline-near',
  );
  return rows.length;
}

// ---------------------------------------------------------------- contact and unit robots

/** Where a user can be reached beyond the app. */
export interface UserContact {
  phone: string | null;
  email: string | null;
}

export async function loadUserContact(q: Queryable, userId: string): Promise<UserContact | null> {
  const rows: { phone: string | null; email: string | null }[] = await q.query(
    `SELECT phone, email FROM users WHERE id = $1`,
    [userId],
  );
  return rows[0] ? { phone: rows[0].phone ?? null, email: rows[0].email ?? null } : null;
}

/** Change a user's own phone and/or e-mail (undefined: unchanged; null: none). */
export async function saveUserContact(q: Queryable, userId: string, c: Partial<UserContact>): Promise<void> {
  if (c.phone === undefined && c.email === undefined) return;
  await q.query(
    `UPDATE users SET phone = CASE WHEN $2 THEN $3 ELSE phone END, email = CASE WHEN $4 THEN $5 ELSE email END WHERE id = $1`,
    [userId, c.phone !== undefined, c.phone ?? null, c.email !== undefined, c.email ?? null],
  );
}

/** A unit's group-robot setting (the secret itself is never read back out). */
export interface UnitWebhookSetting {
  unitId: string;
  unitKind: string;
  kind: 'wecom' | 'dingtalk' | null;
  url: string | null;
  hasSecret: boolean;
}

export async function loadUnitWebhook(q: Queryable, unitId: string): Promise<UnitWebhookSetting | null> {
  const rows: {
    id: string;
    kind: string;
    webhook_kind: UnitWebhookSetting['kind'];
    webhook_url: string | null;
    has_secret: boolean;
  }[] = await q.query(
    `SELECT id, kind, webhook_kind, webhook_url, webhook_secret IS NOT NULL AS has_secret FROM units WHERE id = $1`,
    [unitId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    unitId: r.id,
    unitKind: r.kind,
    kind: r.webhook_kind ?? null,
    url: r.webhook_url ?? null,
    hasSecret: Boolean(r.has_secret),
  };
}

/** Set or clear a unit's robot (`kind` null clears all three); `secret` undefined keeps the stored one. */
export async function saveUnitWebhook(
  q: Queryable,
  unitId: string,
  w: { kind: 'wecom' | 'dingtalk' | null; url: string | null; secret?: string | null },
): Promise<void> {
  if (!w.kind) {
    await q.query(
      `UPDATE units SET webhook_kind = NULL, webhook_url = NULL, webhook_secret = NULL WHERE id = $1`,
      [unitId],
    );
    return;
  }
  await q.query(
    `UPDATE units SET webhook_kind = $2, webhook_url = $3, webhook_secret = CASE WHEN $4 THEN $5 ELSE webhook_secret END WHERE id = $1`,
    [unitId, w.kind, w.url, w.secret !== undefined, w.secret || null],
  );
}

// ---------------------------------------------------------------- a user's own notifications (in-app)

/** A notification as its user sees it in the app. */
export interface InAppNotification {
  id: string;
  caseId: string;
  ledgerNo: string;
  kind: NotificationKind;
  title: string;
  createdAt: string;
  readAt: string | null;
}

/** The columns of `notifications n` (with the case's ledger number) this side reads. */
interface InAppNotificationRow {
  id: string;
  case_id: string;
  ledger_no: string;
  kind: NotificationKind;
  title: string;
  created_at: Date | string;
  read_at: Date | string | null;
}

function inAppNotification(r: InAppNotificationRow): InAppNotification {
  return {
    id: r.id,
    caseId: r.case_id,
    ledgerNo: r.ledger_no,
    kind: r.kind,
    title: r.title,
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}

/** A user's notifications, newest first, one page of them (`unread`: only those not read), and how many there are. */
export async function listUserNotifications(
  q: Queryable,
  userId: string,
  opts: { unread?: boolean; limit: number; offset: number },
): Promise<{ items: InAppNotification[]; total: number }> {
  const where = `n.user_id = $1${opts.unread ? ' AND n.read_at IS NULL' : ''}`;
  const [{ total }]: { total: number }[] = await q.query(
    `SELECT count(*)::int AS total FROM notifications n WHERE ${where}`,
    [userId],
  );
  const rows: InAppNotificationRow[] = await q.query(
    `SELECT n.*, c.ledger_no FROM notifications n JOIN cases c ON c.id = n.case_id WHERE ${where}
        ORDER BY n.created_at DESC, n.id DESC LIMIT $2 OFFSET $3`,
    [userId, opts.limit, opts.offset],
  );
  return { items: rows.map(inAppNotification), total };
}

/** Mark one of a user's notifications read (marking it again changes nothing); null if he has no such one. */
export async function markNotificationRead(
  q: Queryable,
  userId: string,
  id: string,
): Promise<InAppNotification | null> {
  const rows: InAppNotificationRow[] = await q.query(
    `WITH n AS (UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING *)
       SELECT n.*, c.ledger_no FROM n JOIN cases c ON c.id = n.case_id`,
    [id, userId],
  );
  return rows[0] ? inAppNotification(rows[0]) : null;
}

/** Mark all of a user's unread notifications read; answers how many there were. */
export async function markAllNotificationsRead(q: Queryable, userId: string): Promise<number> {
  // an UPDATE without RETURNING answers [rows, affected] through TypeORM's postgres driver
  const [, updated]: [unknown[], number] = await q.query(
    `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
    [userId],
  );
  return updated;
}

/** A delivery's status, or null when there is no such delivery. */
export async function deliveryStatus(q: Queryable, deliveryId: string): Promise<DeliveryStatus | null> {
  const rows: { status: DeliveryStatus }[] = await q.query(
    `SELECT status FROM notification_deliveries WHERE id = $1`,
    [deliveryId],
  );
  return rows[0]?.status ?? null;
}

/** Whether there is such a delivery. */
export async function deliveryExists(q: Queryable, deliveryId: string): Promise<boolean> {
  const rows: { id: string }[] = await q.query(`SELECT id FROM notification_deliveries WHERE id = $1`, [
    deliveryId,
  ]);
  return rows.length > 0;
}
