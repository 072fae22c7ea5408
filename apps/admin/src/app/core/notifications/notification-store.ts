import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { NotificationDto, ReadAllNotificationsResponse } from '@taizhang/contracts';
import { Observable, Subscription, tap } from 'rxjs';
import { NotificationsApi } from './notifications.api';

/** How often the bell asks for the unread count. */
export const UNREAD_POLL_MS = 30_000;

/**
 * The unread count behind the bell in the top bar: polled every 30 s while someone is signed in (and
 * at once when the tab becomes visible again); marking read here updates the count without waiting.
 */
@Injectable({ providedIn: 'root' })
export class NotificationStore {
  private readonly api = inject(NotificationsApi);
  private readonly unreadState = signal<number | null>(null);
  /** Unread notifications; null until the first answer. */
  readonly unread = this.unreadState.asReadonly();
  /** Bumped on every change made here, so an open list can reload. */
  readonly changes = signal(0);

  private timer: ReturnType<typeof setInterval> | null = null;
  private pending: Subscription | null = null;

  /** Ask for the count now (a call in flight is not doubled). A failed poll keeps the last count. */
  refresh(): void {
    if (this.pending && !this.pending.closed) return;
    this.pending = this.api.list({ unread: true, page: 1, pageSize: 1 }).subscribe({
      next: (page) => this.unreadState.set(page.total),
      error: () => undefined,
    });
  }

  /** Poll until `destroyRef` ends (the signed-in shell) or `stop()`. */
  start(destroyRef: DestroyRef): void {
    this.stop();
    this.refresh();
    this.timer = setInterval(() => this.refresh(), UNREAD_POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') this.refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    destroyRef.onDestroy(() => {
      document.removeEventListener('visibilitychange', onVisible);
      this.stop();
    });
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.pending?.unsubscribe();
    this.pending = null;
  }

  /** Mark one read; the count drops at once when it was unread. */
  markRead(notification: NotificationDto): Observable<NotificationDto> {
    return this.api.markRead(notification.id).pipe(
      tap(() => {
        if (!notification.readAt) this.unreadState.update((n) => (n === null ? n : Math.max(0, n - 1)));
        this.changes.update((n) => n + 1);
      }),
    );
  }

  markAllRead(): Observable<ReadAllNotificationsResponse> {
    return this.api.markAllRead().pipe(
      tap(() => {
        this.unreadState.set(0);
        this.changes.update((n) => n + 1);
      }),
    );
  }

  /** Forget the count (signing out). */
  reset(): void {
    this.stop();
    this.unreadState.set(null);
  }
}
