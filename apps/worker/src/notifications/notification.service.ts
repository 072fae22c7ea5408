import { Inject, Injectable } from '@nestjs/common';
import type { NotificationKind } from '@taizhang/domain';
import type { NotificationSendPayload } from '@taizhang/queue';
import { DataSource } from 'typeorm';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { NOTIFICATION_CHANNEL, NotificationChannel } from './notification-channel';

export type SendOutcome = { result: 'done'; channel: string } | { result: 'skipped'; why: string };

/** Hands one notification to the outbound channel, once. */
@Injectable()
export class NotificationService {
  constructor(
    private readonly ds: DataSource,
    @Inject(NOTIFICATION_CHANNEL) private readonly channel: NotificationChannel,
    private readonly metrics: WorkerMetrics,
  ) {}

  /**
   * Lock the notification, skip it if it was sent already, send it, record `sent_at`. A channel failure
   * rolls back and the job is retried; a re-delivered job finds it sent and does nothing.
   */
  async send(p: NotificationSendPayload): Promise<SendOutcome> {
    let handedOver = false;
    try {
      const out = await this.sendOnce(p, () => (handedOver = true));
      this.metrics.notifications.inc({
        channel: this.channel.name,
        outcome: out.result === 'done' ? 'sent' : 'skipped',
      });
      return out;
    } catch (err) {
      // a channel that refused it (or a commit that failed after it); the job is retried
      if (handedOver) this.metrics.notifications.inc({ channel: this.channel.name, outcome: 'failed' });
      throw err;
    }
  }

  private sendOnce(p: NotificationSendPayload, sending: () => void): Promise<SendOutcome> {
    return this.ds.transaction(async (m) => {
      const rows: Record<string, unknown>[] = await m.query(
        `SELECT n.id, n.user_id, n.case_id, n.kind, n.title, n.created_at, n.sent_at, u.username, u.display_name, u.phone, c.ledger_no
           FROM notifications n JOIN users u ON u.id = n.user_id JOIN cases c ON c.id = n.case_id
          WHERE n.id = $1 FOR UPDATE OF n`,
        [p.notificationId],
      );
      const r = rows[0];
      if (!r) return { result: 'skipped', why: 'no such notification' };
      if (r['sent_at']) return { result: 'skipped', why: 'already sent' };
      sending();
      await this.channel.send({
        id: r['id'] as string,
        userId: r['user_id'] as string,
        username: r['username'] as string,
        displayName: r['display_name'] as string,
        phone: (r['phone'] as string | null) ?? null,
        caseId: r['case_id'] as string,
        ledgerNo: r['ledger_no'] as string,
        kind: r['kind'] as NotificationKind,
        title: r['title'] as string,
        createdAt: new Date(r['created_at'] as string).toISOString(),
      });
      await m.query(`UPDATE notifications SET sent_at = now() WHERE id = $1`, [p.notificationId]);
      return { result: 'done', channel: this.channel.name };
    });
  }
}
