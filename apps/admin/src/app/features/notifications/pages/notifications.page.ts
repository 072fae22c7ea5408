import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { Router, RouterLink } from '@angular/router';
import type { NotificationDto } from '@taizhang/contracts';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { NotificationStore } from '../../../core/notifications/notification-store';
import { NotificationsApi } from '../../../core/notifications/notifications.api';
import { ChipGroupComponent } from '../../../shared/ui/chip-group.component';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { PageHeaderComponent } from '../../../shared/ui/page-header.component';
import { saveState } from '../../../shared/ui/save-state';

const PAGE_SIZE = 20;

/** The caller's notifications, newest first: opening one marks it read and shows its case. */
@Component({
  selector: 'tz-notifications-page',
  imports: [MatButtonModule, MatPaginatorModule, RouterLink, TPipe, TzDatePipe, LoadStateComponent, PageHeaderComponent, ChipGroupComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <tz-page-header [title]="'notifications.title' | t">
        <a mat-button routerLink="/notifications/settings" data-testid="notifications-settings">{{
          'notifySettings.open' | t
        }}</a>
        <button
          mat-stroked-button
          type="button"
          (click)="markAllRead()"
          [disabled]="saving.busy() || !store.unread()"
          data-testid="notifications-read-all"
        >
          {{ 'notifications.readAll' | t }}
        </button>
      </tz-page-header>

      <div class="filter" tzChipGroup role="group" [attr.aria-label]="'notifications.filter' | t">
        <button
          type="button"
          class="chip"
          [class.on]="!unreadOnly()"
          [attr.aria-pressed]="!unreadOnly()"
          (click)="setUnreadOnly(false)"
          data-testid="notifications-all"
        >
          {{ 'common.all' | t }}
        </button>
        <button
          type="button"
          class="chip"
          [class.on]="unreadOnly()"
          [attr.aria-pressed]="unreadOnly()"
          (click)="setUnreadOnly(true)"
          data-testid="notifications-unread"
        >
          {{ 'notifications.unread' | t }}
          @if (store.unread()) {
            ({{ store.unread() }})
          }
        </button>
      </div>

      <tz-load-state
        [loading]="list.isLoading() && !list.hasValue()"
        [error]="list.error()"
        [empty]="items().length === 0"
        [emptyText]="(unreadOnly() ? 'notifications.emptyUnread' : 'notifications.empty') | t"
        (retry)="list.reload()"
      >
        <ul class="list">
          @for (n of items(); track n.id) {
            <li>
              <button
                type="button"
                class="item"
                [class.unread]="!n.readAt"
                (click)="open(n)"
                data-testid="notification-item"
                [attr.data-kind]="n.kind"
                [attr.data-read]="n.readAt ? 'true' : 'false'"
              >
                <span class="dot" aria-hidden="true"></span>
                <span class="body">
                  <span class="line">
                    <span class="kind" [attr.data-kind]="n.kind">{{ 'notificationKind.' + n.kind | t }}</span>
                    <span class="ledger-no">{{ n.ledgerNo }}</span>
                    @if (!n.readAt) {
                      <span class="tz-visually-hidden">{{ 'notifications.unreadMark' | t }}</span>
                    }
                  </span>
                  <span class="title" lang="zh-CN" data-testid="notification-title">{{ n.title }}</span>
                  <time class="at" [attr.datetime]="n.createdAt">{{ n.createdAt | tzDate }}</time>
                </span>
              </button>
            </li>
          }
        </ul>
      </tz-load-state>

      @if (list.hasValue() && total() > pageSize) {
        <mat-paginator
          [length]="total()"
          [pageIndex]="page() - 1"
          [pageSize]="pageSize"
          [hidePageSize]="true"
          (page)="onPage($event)"
          data-testid="notifications-paginator"
        />
      }
    </div>
  `,
  styles: `
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      background: var(--mat-sys-surface);
      overflow: hidden;
    }
    .list li + li {
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .item {
      display: grid;
      grid-template-columns: 10px minmax(0, 1fr);
      gap: 12px;
      width: 100%;
      padding: 12px 16px;
      border: 0;
      background: transparent;
      color: var(--mat-sys-on-surface-variant);
      font: inherit;
      text-align: left;
      cursor: pointer;
    }
    .item:hover {
      background: var(--mat-sys-surface-container);
    }
    .item.unread {
      color: var(--mat-sys-on-surface);
    }
    .dot {
      width: 10px;
      height: 10px;
      margin-top: 6px;
      border-radius: 50%;
    }
    .unread .dot {
      background: var(--mat-sys-primary);
    }
    .body {
      display: flex;
      flex-direction: column;
      gap: 2px;
      min-width: 0;
    }
    .line {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 8px;
      align-items: baseline;
    }
    .kind {
      font: var(--mat-sys-label-large);
    }
    .unread .kind {
      color: var(--mat-sys-primary);
    }
    .kind[data-kind='deadline_missed'],
    .kind[data-kind='deadline_near'],
    .kind[data-kind='urged'] {
      color: #c62828;
    }
    .ledger-no {
      font-family: ui-monospace, monospace;
      font-size: 13px;
    }
    .title {
      overflow-wrap: anywhere;
    }
    .unread .title {
      font-weight: 600;
    }
    .at {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class NotificationsPage {
  private readonly api = inject(NotificationsApi);
  private readonly router = inject(Router);
  protected readonly store = inject(NotificationStore);
  protected readonly pageSize = PAGE_SIZE;
  protected readonly unreadOnly = signal(false);
  protected readonly page = signal(1);
  protected readonly saving = saveState();

  protected readonly list = rxResource({
    params: () => ({
      unread: this.unreadOnly() || undefined,
      page: this.page(),
      pageSize: PAGE_SIZE,
      changes: this.store.changes(),
    }),
    stream: ({ params: { changes: _changes, ...query } }) => this.api.list(query),
  });
  protected readonly items = computed<NotificationDto[]>(() =>
    this.list.hasValue() ? this.list.value().items : [],
  );
  protected readonly total = computed(() => (this.list.hasValue() ? this.list.value().total : 0));

  constructor() {
    // the page shows what is there now: the bell catches up too
    this.store.refresh();
  }

  protected setUnreadOnly(value: boolean): void {
    this.unreadOnly.set(value);
    this.page.set(1);
  }

  protected onPage(event: PageEvent): void {
    this.page.set(event.pageIndex + 1);
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
