import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18nService } from '../i18n/i18n.service';
import { NotificationStore } from './notification-store';

/** What the badge says: nothing at 0 (or before the first answer), `99+` above 99. */
export function badgeText(unread: number | null): string {
  if (!unread || unread < 0) return '';
  return unread > 99 ? '99+' : String(unread);
}

/** The bell in the top bar: unread count (polled every 30 s), opens the notifications page. */
@Component({
  selector: 'tz-notification-bell',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a
      routerLink="/notifications"
      class="tz-bar-button icon bell"
      data-testid="notification-bell"
      [attr.aria-label]="label()"
      [attr.title]="label()"
    >
      <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          fill="currentColor"
        />
      </svg>
      @if (badge(); as b) {
        <span class="badge" data-testid="notification-count" aria-hidden="true">{{ b }}</span>
      }
    </a>
  `,
  styles: `
    :host {
      display: inline-flex;
    }
    .bell {
      position: relative;
      color: inherit;
    }
    .badge {
      position: absolute;
      top: 2px;
      left: 22px;
      min-width: 18px;
      height: 18px;
      padding: 0 5px;
      border-radius: 9px;
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
      font:
        600 11px/18px system-ui,
        sans-serif;
      text-align: center;
      pointer-events: none;
    }
  `,
})
export class NotificationBellComponent {
  private readonly store = inject(NotificationStore);
  private readonly i18n = inject(I18nService);
  protected readonly badge = computed(() => badgeText(this.store.unread()));
  protected readonly label = computed(() => {
    const unread = this.store.unread() ?? 0;
    return unread > 0
      ? this.i18n.t('notifications.bellUnread', { count: unread })
      : this.i18n.t('notifications.bell');
  });

  constructor() {
    this.store.start(inject(DestroyRef));
  }
}
