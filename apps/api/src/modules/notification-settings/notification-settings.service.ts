import { Inject, Injectable } from '@nestjs/common';
import type { Page } from '@taizhang/contracts';
import {
  deliveryAttempts,
  deliveryExists,
  deliveryStatus,
  listFailedDeliveries,
  loadChannelChoices,
  loadUnitWebhook,
  loadUserContact,
  retryFailedDelivery,
  saveChannelChoices,
  saveUnitWebhook,
  saveUserContact,
} from '@taizhang/db';
import { effectiveChoices, isChoosable, keepsStoredWebhookUrl, maskWebhookUrl } from '@taizhang/domain';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { APP_CONFIG, AppConfig } from '../../core/config';
import { ApiError } from '../../core/errors';
import { ListFailedDeliveriesQuery } from './dto/deliveries.dto';
import { UpdateNotificationPreferencesDto } from './dto/preferences.dto';
import { UpdateUnitWebhookDto } from './dto/unit-webhook.dto';
import {
  DeliveryAttempt,
  DeliveryRetry,
  FailedDelivery,
  NotificationPreferences,
  UnitWebhook,
} from './dto/notification-settings.responses';

/** The roles that may set their own unit's group robot (an admin sets any unit's). */
const UNIT_STAFF = ['coordinator', 'bureau_officer', 'manager'];

@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---------------------------------------------------------------- one's own preferences

  async preferences(user: AuthUser): Promise<NotificationPreferences> {
    const [contact, stored] = await Promise.all([
      loadUserContact(this.ds, user.id),
      loadChannelChoices(this.ds, user.id),
    ]);
    if (!contact) throw ApiError.notFound('User');
    return {
      ...contact,
      items: effectiveChoices(stored).map((c) => ({ ...c, choosable: isChoosable(c.channel) })),
    };
  }

  async updatePreferences(
    user: AuthUser,
    dto: UpdateNotificationPreferencesDto,
  ): Promise<NotificationPreferences> {
    const norm = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() || null);
    await this.ds.transaction(async (m) => {
      const email = norm(dto.email);
      await saveUserContact(m, user.id, {
        phone: norm(dto.phone),
        email: email ? email.toLowerCase() : email,
      });
      if (dto.items?.length) await saveChannelChoices(m, user.id, dto.items);
    });
    return this.preferences(user);
  }

  // ---------------------------------------------------------------- failed deliveries (admins)

  async failed(q: ListFailedDeliveriesQuery): Promise<Page<FailedDelivery>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await listFailedDeliveries(this.ds, {
      limit: pageSize,
      offset: (page - 1) * pageSize,
      channel: q.channel,
    });
    return { items, total, page, pageSize };
  }

  async attempts(id: string): Promise<DeliveryAttempt[]> {
    if (!(await deliveryExists(this.ds, id))) throw ApiError.notFound('Delivery');
    return deliveryAttempts(this.ds, id);
  }

  async retry(id: string, requestId?: string): Promise<DeliveryRetry> {
    const done = await this.ds.transaction((m) => retryFailedDelivery(m, id, requestId));
    if (done) return { id, status: 'pending' };
    const status = await deliveryStatus(this.ds, id);
    if (!status) throw ApiError.notFound('Delivery');
    throw new ApiError('REQUEST.CONFLICT', `the delivery is ${status}, not failed: nothing to retry`);
  }

  // ---------------------------------------------------------------- unit robots

  /** A unit the user may set the robot of: an admin any; coordinators, officers and managers their own. Others: 404. */
  private async unitFor(
    user: AuthUser,
    unitId: string,
  ): Promise<NonNullable<Awaited<ReturnType<typeof loadUnitWebhook>>>> {
    const mine = user.role === 'admin' || (UNIT_STAFF.includes(user.role) && user.unitId === unitId);
    const w = mine ? await loadUnitWebhook(this.ds, unitId) : null;
    if (!w) throw ApiError.notFound('Unit');
    return w;
  }

  async unitWebhook(user: AuthUser, unitId: string): Promise<UnitWebhook> {
    const w = await this.unitFor(user, unitId);
    // the address carries the robot's credential (key / access_token): shown masked, never as stored
    return { unitId: w.unitId, kind: w.kind, url: w.url && maskWebhookUrl(w.url), hasSecret: w.hasSecret };
  }

  async updateUnitWebhook(user: AuthUser, unitId: string, dto: UpdateUnitWebhookDto): Promise<UnitWebhook> {
    const stored = await this.unitFor(user, unitId);
    let url: string | null = null;
    if (dto.kind && keepsStoredWebhookUrl(dto.url, stored.url)) {
      // the masked address sent back unchanged (or none): the stored one stays, for the same kind of robot
      if (stored.kind !== dto.kind)
        throw ApiError.invalid('url', `the ${dto.kind} robot's webhook address is required`);
      url = stored.url;
    } else if (dto.kind) url = this.checkUrl(dto.kind, dto.url ?? '');
    await saveUnitWebhook(this.ds, unitId, {
      kind: dto.kind,
      url,
      ...(dto.secret !== undefined ? { secret: dto.secret?.trim() || null } : {}),
    });
    return this.unitWebhook(user, unitId);
  }

  /**
   * An https address (http too outside production, for a local robot) at one of WEBHOOK_HOSTS (企业微信's and
   * 钉钉's own hosts by default): the worker posts there, so nobody can aim it at an internal address.
   */
  private checkUrl(kind: string, raw: string): string {
    const value = raw.trim();
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      throw ApiError.invalid('url', `the ${kind} robot's webhook address must be a URL`);
    }
    const allowed = this.config.nodeEnv === 'production' ? ['https:'] : ['https:', 'http:'];
    if (!allowed.includes(u.protocol))
      throw ApiError.invalid('url', `the webhook address must be ${allowed.join(' or ').replace(/:/g, '')}`);
    if (u.username || u.password)
      throw ApiError.invalid('url', 'the webhook address must not carry a user name or password');
    const hosts = this.config.webhookHosts;
    if (!hosts.includes('*') && !hosts.includes(u.hostname.toLowerCase()))
      throw ApiError.invalid(
        'url',
        `the webhook address must be at ${hosts.join(' or ')} (the robots' own hosts; WEBHOOK_HOSTS sets them)`,
      );
    return value;
  }
}
