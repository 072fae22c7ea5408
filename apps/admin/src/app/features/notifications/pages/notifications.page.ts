import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { PagerComponent } from '../../../shared/ui/pager.component';
import { Router, RouterLink } from '@angular/router';
import type { NotificationDto } from '@taizhang/contracts';
import { TzDatePipe } from '../../../core/i18n/t.pipe';
import { NotificationStore } from '../../../core/notifications/notification-store';
import { NotificationsApi } from '../../../core/notifications/notifications.api';
import { FILTER_CHIPS } from '../../../shared/ui/chip-group.component';
import { DATA_PAGE_IMPORTS } from '../../../shared/ui/data-page';
import { saveState } from '../../../shared/ui/save-state';
import { pagedList } from '../../../shared/util/paged';

const PAGE_SIZE = 20;

/** The caller's notifications, newest first: opening one marks it read and shows its case. */
@Component({
  selector: 'tz-notifications-page',
  imports: [...DATA_PAGE_IMPORTS, ...FILTER_CHIPS, MatButtonModule, PagerComponent, RouterLink, TzDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './notifications.page.html',
  styleUrl: './notifications.page.scss',
})
export class NotificationsPage {
  private readonly api = inject(NotificationsApi);
  private readonly router = inject(Router);
  protected readonly store = inject(NotificationStore);
  protected readonly unreadOnly = signal(false);
  protected readonly saving = saveState();

  protected readonly paged = pagedList(
    PAGE_SIZE,
    () => ({ unread: this.unreadOnly() || undefined, changes: this.store.changes() }),
    ({ changes: _changes, ...query }) => this.api.list(query),
  );

  constructor() {
    // the page shows what is there now: the bell catches up too
    this.store.refresh();
  }

  /** Mark it read (when it is not) and open its case; a failed mark does not keep the user from the case. */
  protected open(n: NotificationDto): void {
    const go = () => void this.router.navigate(['/cases', n.caseId]);
    if (n.readAt) {
      go();
      return;
    }
    this.store.markRead(n).subscribe({ next: go, error: go });
  }

  protected markAllRead(): void {
    this.saving.run(this.store.markAllRead(), { success: 'notifications.allRead' });
  }
}
