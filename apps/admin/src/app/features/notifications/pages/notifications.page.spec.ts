import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { NOTIFICATION_KINDS, type NotificationDto } from '@taizhang/contracts';
import { en } from '../../../core/i18n/en';
import { zhCN } from '../../../core/i18n/zh-CN';
import { NotificationsPage } from './notifications.page';
import { configurePageTestBed, settle, byTestId, startPage } from '../../../../testing/page-test-bed';

const ITEMS: NotificationDto[] = [
  {
    id: 'n2',
    caseId: 'c2',
    ledgerNo: 'T-2026-0002',
    kind: 'urged',
    title: 'T-2026-0002「缺料」被督办，请加快办理',
    createdAt: '2026-03-02T03:00:00Z',
    readAt: null,
  },
  {
    id: 'n1',
    caseId: 'c1',
    ledgerNo: 'T-2026-0001',
    kind: 'assigned',
    title: 'T-2026-0001「缺工」已分派给您办理',
    createdAt: '2026-03-02T01:00:00Z',
    readAt: '2026-03-02T02:00:00Z',
  },
];

describe(NotificationsPage.name, () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    backend = configurePageTestBed(NotificationsPage);
  });

  const isCount = (r: { url: string; params: { get(k: string): string | null } }) =>
    r.url === '/api/notifications' && r.params.get('pageSize') === '1';
  const isList = (r: { url: string; params: { get(k: string): string | null } }) =>
    r.url === '/api/notifications' && r.params.get('pageSize') === '20';

  async function render(unread = 1) {
    const fixture = startPage(NotificationsPage);
    backend.expectOne(isCount).flush({ items: [], total: unread, page: 1, pageSize: 1 });
    backend.expectOne(isList).flush({ items: ITEMS, total: 2, page: 1, pageSize: 20 });
    await settle();
    fixture.detectChanges();
    return fixture;
  }

  it('every kind has a label in both languages', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(zhCN[`notificationKind.${kind}`]).toBeTruthy();
      expect(en[`notificationKind.${kind}`]).toBeTruthy();
    }
  });

  it('lists them newest first with the kind said in Chinese and the unread marked', async () => {
    const fixture = await render();
    const items = [
      ...(fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid="notification-item"]'),
    ];
    expect(items.map((i) => i.getAttribute('data-read'))).toEqual(['false', 'true']);
    expect(items[0]?.textContent).toContain('督办');
    expect(items[0]?.textContent).toContain('T-2026-0002');
    expect(items[1]?.textContent).toContain('分派给您');
  });

  it('opening an unread one marks it read, then shows its case', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const fixture = await render();
    (fixture.nativeElement as HTMLElement)
      .querySelector<HTMLButtonElement>('[data-testid="notification-item"]')
      ?.click();
    backend
      .expectOne({ method: 'POST', url: '/api/notifications/n2/read' })
      .flush({ ...ITEMS[0], readAt: '2026-03-02T04:00:00Z' });
    expect(navigate).toHaveBeenCalledWith(['/cases', 'c2']);
  });

  it('a failed mark still opens the case; a read one is not marked again', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const fixture = await render();
    const [unread, read] = [
      ...(fixture.nativeElement as HTMLElement).querySelectorAll<HTMLButtonElement>(
        '[data-testid="notification-item"]',
      ),
    ];
    unread?.click();
    backend.expectOne('/api/notifications/n2/read').flush('x', { status: 500, statusText: 'Error' });
    expect(navigate).toHaveBeenLastCalledWith(['/cases', 'c2']);
    read?.click();
    backend.expectNone('/api/notifications/n1/read');
    expect(navigate).toHaveBeenLastCalledWith(['/cases', 'c1']);
  });

  it('marks all read and reloads the list; the unread filter asks for unread=true', async () => {
    const fixture = await render(1);
    const el: HTMLElement = fixture.nativeElement;
    (byTestId(el, 'notifications-read-all') as HTMLButtonElement).click();
    backend.expectOne({ method: 'POST', url: '/api/notifications/read-all' }).flush({ updated: 1 });
    await settle();
    backend.expectOne(isList).flush({
      items: ITEMS.map((n) => ({ ...n, readAt: n.readAt ?? '2026-03-02T05:00:00Z' })),
      total: 2,
      page: 1,
      pageSize: 20,
    });
    await settle();
    fixture.detectChanges();
    expect((byTestId(el, 'notifications-read-all') as HTMLButtonElement).disabled).toBe(true);

    (byTestId(el, 'notifications-unread') as HTMLButtonElement).click();
    await settle();
    const req = backend.expectOne(isList);
    expect(req.request.params.get('unread')).toBe('true');
    req.flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await settle();
    fixture.detectChanges();
    expect(byTestId(el, 'state-empty')?.textContent).toContain('没有未读通知');
  });
});
