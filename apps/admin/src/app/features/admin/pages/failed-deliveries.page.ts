import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { PagerComponent } from '../../../shared/ui/pager.component';
import { RouterLink } from '@angular/router';
import { of } from 'rxjs';
import { OUTBOUND_CHANNELS, type FailedDeliveryDto, type OutboundChannelName } from '@taizhang/contracts';
import { TzDatePipe } from '../../../core/i18n/t.pipe';
import { NotificationSettingsApi } from '../../../core/notifications/notification-settings.api';
import { FILTER_CHIPS } from '../../../shared/ui/chip-group.component';
import { DATA_PAGE_IMPORTS } from '../../../shared/ui/data-page';
import { TableStateComponent } from '../../../shared/ui/table-state.component';
import { saveState } from '../../../shared/ui/save-state';
import { TableComponent } from '../../../shared/ui/table.component';
import { pagedList } from '../../../shared/util/paged';

const PAGE_SIZE = 20;

/** Notifications that no retry got through to SMS, e-mail or a group robot, newest first, each with a retry. */
@Component({
  selector: 'tz-failed-deliveries-page',
  imports: [
    ...DATA_PAGE_IMPORTS,
    TableStateComponent,
    ...FILTER_CHIPS,
    MatButtonModule,
    PagerComponent,
    RouterLink,
    TzDatePipe,
    TableComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './failed-deliveries.page.html',
  styleUrl: './failed-deliveries.page.scss',
})
export class FailedDeliveriesPage {
  private readonly api = inject(NotificationSettingsApi);
  protected readonly channels = OUTBOUND_CHANNELS;
  protected readonly channel = signal<OutboundChannelName | null>(null);
  protected readonly paged = pagedList(
    PAGE_SIZE,
    () => (this.channel() ? { channel: this.channel() as OutboundChannelName } : {}),
    (query) => this.api.failedDeliveries(query),
  );
  protected readonly retries = saveState();
  /** The delivery whose attempts are shown (one at a time), and its attempts, oldest first. */
  protected readonly open = signal<string | null>(null);
  protected readonly attempts = rxResource({
    params: () => this.open(),
    stream: ({ params }) => (params ? this.api.attempts(params) : of([])),
  });

  protected toggleAttempts(id: string): void {
    this.open.update((o) => (o === id ? null : id));
  }

  protected retry(d: FailedDeliveryDto): void {
    this.retries.run(this.api.retry(d.id), {
      key: d.id,
      success: 'deliveries.retried',
      done: () => this.paged.list.reload(),
      failed: () => this.paged.list.reload(),
    });
  }
}
