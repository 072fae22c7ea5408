import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { RouterLink } from '@angular/router';
import { OUTBOUND_CHANNELS, type FailedDeliveryDto, type OutboundChannelName } from '@taizhang/contracts';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { NotificationSettingsApi } from '../../../core/notifications/notification-settings.api';
import { NotifyService } from '../../../core/notify.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';

const PAGE_SIZE = 20;

/** Notifications that no retry got through to SMS, e-mail or a group robot, newest first, each with a retry. */
@Component({
  selector: 'tz-failed-deliveries-page',
  imports: [MatButtonModule, MatPaginatorModule, RouterLink, TPipe, TzDatePipe, LoadStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './failed-deliveries.page.html',
  styleUrl: './failed-deliveries.page.scss',
})
export class FailedDeliveriesPage {
  private readonly api = inject(NotificationSettingsApi);
  private readonly notify = inject(NotifyService);
  protected readonly channels = OUTBOUND_CHANNELS;
  protected readonly pageSize = PAGE_SIZE;
  protected readonly channel = signal<OutboundChannelName | null>(null);
  protected readonly page = signal(1);
  protected readonly list = rxResource({
    params: () => ({
      page: this.page(),
      pageSize: PAGE_SIZE,
      ...(this.channel() ? { channel: this.channel() as OutboundChannelName } : {}),
    }),
    stream: ({ params }) => this.api.failedDeliveries(params),
  });
  protected readonly items = computed<FailedDeliveryDto[]>(() =>
    this.list.hasValue() ? this.list.value().items : [],
  );
  protected readonly total = computed(() => (this.list.hasValue() ? this.list.value().total : 0));
  protected readonly retrying = signal<ReadonlySet<string>>(new Set());

  protected setChannel(c: OutboundChannelName | null): void {
    this.channel.set(c);
    this.page.set(1);
  }

  protected onPage(e: PageEvent): void {
    this.page.set(e.pageIndex + 1);
  }

  protected retry(d: FailedDeliveryDto): void {
    this.retrying.update((s) => new Set([...s, d.id]));
    const done = () => this.retrying.update((s) => new Set([...s].filter((k) => k !== d.id)));
    this.api.retry(d.id).subscribe({
      next: () => {
        done();
        this.notify.info('deliveries.retried');
        this.list.reload();
      },
      error: (err: unknown) => {
        done();
        this.notify.error(err);
        this.list.reload();
      },
    });
  }
}
