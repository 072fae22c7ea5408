import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { DeliveryAttemptDto, FailedDeliveryDto } from '@taizhang/contracts';
import { FailedDeliveriesPage } from './failed-deliveries.page';
import { configurePageTestBed, settle, startPage } from '../../../../testing/page-test-bed';

const FAILED: FailedDeliveryDto = {
  id: '6f1c0c1e-0000-4000-8000-000000000001',
  channel: 'sms',
  attempts: 2,
  lastError: 'sms.example: HTTP 503',
  updatedAt: '2026-03-03T02:00:00.000Z',
  notificationId: '6f1c0c1e-0000-4000-8000-000000000002',
  kind: 'resolved',
  title: 'TZ-1「用工缺口」已办结，请确认销号',
  caseId: '6f1c0c1e-0000-4000-8000-000000000003',
  ledgerNo: 'TZ-1',
  userId: '6f1c0c1e-0000-4000-8000-000000000004',
  username: 'zhidao',
  displayName: '王指导员',
};

const ATTEMPTS: DeliveryAttemptDto[] = [
  { attempt: 1, ok: false, error: 'sms.example: HTTP 503', durationMs: 12, at: '2026-03-03T01:59:00.000Z' },
  {
    attempt: 2,
    ok: false,
    error: 'sms.example: ECONNREFUSED',
    durationMs: 3,
    at: '2026-03-03T02:00:00.000Z',
  },
];

describe(FailedDeliveriesPage.name, () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    backend = configurePageTestBed(FailedDeliveriesPage);
  });

  const list = () =>
    backend.expectOne((r) => r.url.endsWith('/api/notification-deliveries/failed') && r.method === 'GET');

  it('lists the failed deliveries, shows every attempt of one, and sends one again', async () => {
    const fixture = startPage(FailedDeliveriesPage);
    list().flush({ items: [FAILED], total: 1, page: 1, pageSize: 20 });
    await settle();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    const row = el.querySelector('[data-testid="delivery-row"]') as HTMLElement;
    expect(row.textContent).toContain('王指导员');
    expect(row.textContent).toContain('HTTP 503');

    // every attempt, from the API's record
    (row.querySelector('[data-testid="delivery-attempts-toggle"]') as HTMLButtonElement).click();
    fixture.detectChanges();
    TestBed.tick();
    backend
      .expectOne((r) => r.url.endsWith(`/api/notification-deliveries/${FAILED.id}/attempts`))
      .flush(ATTEMPTS);
    await settle();
    fixture.detectChanges();
    const shown = [...el.querySelectorAll<HTMLElement>('[data-testid="delivery-attempt"]')];
    expect(shown).toHaveLength(2);
    expect(shown[0]?.textContent).toContain('#1');
    expect(shown[1]?.textContent).toContain('ECONNREFUSED');

    // send again: queued, and the list is read again
    (row.querySelector('[data-testid="delivery-retry"]') as HTMLButtonElement).click();
    backend
      .expectOne(
        (r) => r.url.endsWith(`/api/notification-deliveries/${FAILED.id}/retry`) && r.method === 'POST',
      )
      .flush({ id: FAILED.id, status: 'pending' });
    await settle();
    list().flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await settle();
    fixture.detectChanges();
    expect(el.querySelectorAll('[data-testid="delivery-row"]')).toHaveLength(0);
  });
});
