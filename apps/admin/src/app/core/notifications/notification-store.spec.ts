import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DestroyRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { NotificationDto, Page } from '@taizhang/contracts';
import { I18nService } from '../i18n/i18n.service';
import { NotificationBellComponent, badgeText } from './notification-bell.component';
import { NotificationStore, UNREAD_POLL_MS } from './notification-store';
import { configurePageTestBed } from '../../../testing/page-test-bed';

const page = (total: number): Page<NotificationDto> => ({ items: [], total, page: 1, pageSize: 1 });
const N: NotificationDto = {
  id: 'n1',
  caseId: 'c1',
  ledgerNo: '410184101-2026-0001',
  kind: 'assigned',
  title: '410184101-2026-0001「缺工」已分派给您办理',
  createdAt: '2026-03-02T01:00:00Z',
  readAt: null,
};

function fakeDestroyRef(): DestroyRef & { destroy(): void } {
  const callbacks: (() => void)[] = [];
  return {
    onDestroy: (cb: () => void) => {
      callbacks.push(cb);
      return () => undefined;
    },
    destroyed: false,
    destroy: () => callbacks.forEach((cb) => cb()),
  };
}

describe(NotificationStore.name, () => {
  let backend: HttpTestingController;
  let store: NotificationStore;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    backend = TestBed.inject(HttpTestingController);
    store = TestBed.inject(NotificationStore);
  });
  afterEach(() => {
    store.stop();
    jest.useRealTimers();
  });

  describe('GET /notifications?unread=true', () => {
    it('counts the unread from the page total, asking for one row only', () => {
      store.refresh();
      const req = backend.expectOne((r) => r.url === '/api/notifications');
      expect(req.request.params.get('unread')).toBe('true');
      expect(req.request.params.get('pageSize')).toBe('1');
      req.flush(page(3));
      expect(store.unread()).toBe(3);
    });

    it('keeps the last count when a poll fails, and does not double a call in flight', () => {
      store.refresh();
      backend.expectOne((r) => r.url === '/api/notifications').flush(page(2));
      store.refresh();
      store.refresh();
      backend
        .expectOne((r) => r.url === '/api/notifications')
        .flush('down', { status: 503, statusText: 'Unavailable' });
      expect(store.unread()).toBe(2);
    });

    it('polls every 30 s until the shell goes away', () => {
      jest.useFakeTimers();
      const ref = fakeDestroyRef();
      store.start(ref);
      backend.expectOne((r) => r.url === '/api/notifications').flush(page(0));
      jest.advanceTimersByTime(UNREAD_POLL_MS - 1);
      backend.expectNone((r) => r.url === '/api/notifications');
      jest.advanceTimersByTime(1);
      backend.expectOne((r) => r.url === '/api/notifications').flush(page(1));
      expect(store.unread()).toBe(1);
      ref.destroy();
      jest.advanceTimersByTime(UNREAD_POLL_MS * 3);
      backend.expectNone((r) => r.url === '/api/notifications');
    });
  });

  describe('POST /notifications/:id/read and /read-all', () => {
    it('drops the count by one for an unread one, not for one already read', () => {
      store.refresh();
      backend.expectOne((r) => r.url === '/api/notifications').flush(page(2));
      const changes = store.changes();
      store.markRead(N).subscribe();
      backend
        .expectOne({ method: 'POST', url: '/api/notifications/n1/read' })
        .flush({ ...N, readAt: '2026-03-02T02:00:00Z' });
      expect(store.unread()).toBe(1);
      expect(store.changes()).toBe(changes + 1);
      store.markRead({ ...N, readAt: '2026-03-02T02:00:00Z' }).subscribe();
      backend.expectOne({ method: 'POST', url: '/api/notifications/n1/read' }).flush(N);
      expect(store.unread()).toBe(1);
    });

    it('marks all read: the count is 0', () => {
      store.refresh();
      backend.expectOne((r) => r.url === '/api/notifications').flush(page(5));
      store.markAllRead().subscribe();
      backend.expectOne({ method: 'POST', url: '/api/notifications/read-all' }).flush({ updated: 5 });
      expect(store.unread()).toBe(0);
    });
  });
});

describe(NotificationBellComponent.name, () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    backend = configurePageTestBed(NotificationBellComponent);
  });
  afterEach(() => TestBed.inject(NotificationStore).stop());

  it('says the unread count on the badge and to screen readers, and links to the list', () => {
    const fixture = TestBed.createComponent(NotificationBellComponent);
    fixture.detectChanges();
    backend.expectOne((r) => r.url === '/api/notifications').flush(page(4));
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    const bell = el.querySelector('[data-testid="notification-bell"]') as HTMLAnchorElement;
    expect(el.querySelector('[data-testid="notification-count"]')?.textContent?.trim()).toBe('4');
    expect(bell.getAttribute('aria-label')).toBe('通知，4 条未读');
    expect(bell.getAttribute('href')).toBe('/notifications');
    TestBed.inject(I18nService).setLocale('en');
    fixture.detectChanges();
    expect(bell.getAttribute('aria-label')).toBe('Notifications, 4 unread');
  });

  it('shows no badge when nothing is unread', () => {
    const fixture = TestBed.createComponent(NotificationBellComponent);
    fixture.detectChanges();
    backend.expectOne((r) => r.url === '/api/notifications').flush(page(0));
    fixture.detectChanges();
    expect(
      (fixture.nativeElement as HTMLElement).querySelector('[data-testid="notification-count"]'),
    ).toBeNull();
  });

  it('badgeText: empty at 0 or unknown, 99+ above 99', () => {
    expect(badgeText(null)).toBe('');
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });
});
