import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { Router } from '@angular/router';
import type { CaseDto } from '@taizhang/contracts';
import { of } from 'rxjs';
import { CaseDetailPage } from './case-detail.page';
import { CaseNewPage } from './case-new.page';
import {
  configurePageTestBed,
  settle,
  byTestId,
  typeInto,
  startPage,
} from '../../../../testing/page-test-bed';
import { aCase } from '../../../../testing/case.fixture';

const CASE: CaseDto = aCase({
  priority: 'urgent',
  respondBy: '2020-03-01T15:59:00Z',
  resolveBy: '2020-03-04T01:00:00Z',
  allowedActions: ['assign', 'escalate', 'comment', 'cancel'],
  events: [
    {
      id: 'ev2',
      type: 'comment',
      actorId: 'u1',
      actorName: '李四',
      at: '2020-03-01T02:00:00Z',
      fromStatus: 'open',
      toStatus: 'open',
      fromUnitId: 'town-1',
      toUnitId: 'town-1',
      reason: null,
      payload: { comment: '已联系企业' },
    },
    {
      id: 'ev1',
      type: 'open',
      actorId: 'u0',
      actorName: '张三',
      at: '2020-03-01T01:00:00Z',
      fromStatus: null,
      toStatus: 'open',
      fromUnitId: null,
      toUnitId: 'town-1',
      reason: null,
      payload: {},
    },
  ],
});

describe(CaseDetailPage.name, () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    backend = configurePageTestBed(CaseDetailPage);
  });

  async function render() {
    const fixture = startPage(CaseDetailPage, { id: 'c1' });
    backend.expectOne('/api/cases/c1').flush(CASE);
    await settle();
    // the rest (reference lists, users of the unit): empty, each in its shape
    backend
      .match(() => true)
      .forEach((r) =>
        r.flush(
          /\/api\/(units|categories)$/.test(r.request.url)
            ? { items: [], total: 0, page: 1, pageSize: 100 }
            : [],
        ),
      );
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture;
  }

  it('shows the ledger number, the raw status and the timeline oldest first', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    expect(byTestId(el, 'case-ledger-no')?.textContent).toContain('T01-2020-0001');
    expect(byTestId(el, 'case-status')?.getAttribute('data-status')).toBe('open');
    const events = [...el.querySelectorAll('[data-testid="timeline-event"]')].map((e) =>
      e.getAttribute('data-type'),
    );
    expect(events).toEqual(['open', 'comment']);
  });

  it('shows one button per allowed action', async () => {
    const fixture = await render();
    const buttons = [
      ...(fixture.nativeElement as HTMLElement).querySelectorAll('[data-testid^="action-"]'),
    ].map((b) => b.getAttribute('data-testid'));
    expect(buttons).toEqual(['action-assign', 'action-escalate', 'action-comment', 'action-cancel']);
  });

  it('shows "此案件已被他人更新" with a reload button when the dialog reports a stale version', async () => {
    const dialog = TestBed.inject(MatDialog);
    jest.spyOn(dialog, 'open').mockReturnValue({ afterClosed: () => of({ kind: 'stale' }) } as never);
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    (byTestId(el, 'action-escalate') as HTMLButtonElement).click();
    fixture.detectChanges();
    expect(byTestId(el, 'stale-banner')?.textContent).toContain('此案件已被他人更新');
    (byTestId(el, 'stale-reload') as HTMLButtonElement).click();
    await settle();
    backend.expectOne('/api/cases/c1').flush({ ...CASE, version: 2, status: 'in_progress' });
    await settle();
    fixture.detectChanges();
    expect(byTestId(el, 'stale-banner')).toBeNull();
    expect(byTestId(el, 'case-status')?.getAttribute('data-status')).toBe('in_progress');
  });
});

describe(CaseNewPage.name, () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    backend = configurePageTestBed(CaseNewPage);
  });

  it('posts the case with an Idempotency-Key and opens it', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const fixture = startPage(CaseNewPage);
    backend
      .expectOne((r) => r.url === '/api/categories')
      .flush({
        items: [{ code: 'labor', nameZh: '用工', nameEn: 'Labor', active: true }],
        total: 1,
        page: 1,
        pageSize: 100,
      });
    await fixture.whenStable();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    const type = (id: string, value: string) => typeInto(el, id, value);

    (byTestId(el, 'case-enterprise') as HTMLInputElement).focus();
    type('case-enterprise', '宏达');
    await new Promise((r) => setTimeout(r, 300));
    await settle();
    const search = backend.expectOne((r) => r.url === '/api/enterprises');
    expect(search.request.params.get('q')).toBe('宏达');
    search.flush({
      items: [{ id: 'e1', name: '宏达机械', creditCode: '91330100MA0000000X' }],
      total: 1,
      page: 1,
      pageSize: 10,
    });
    await fixture.whenStable();
    fixture.detectChanges();
    const option = document.querySelector('[data-testid="enterprise-option"]') as HTMLElement;
    expect(option).not.toBeNull();
    option.click();
    fixture.detectChanges();

    (byTestId(el, 'category-chip-labor') as HTMLElement).querySelector('button')?.click();
    type('case-title', '缺工 30 人');
    type('case-description', '急需普工');
    fixture.detectChanges();
    (byTestId(el, 'case-submit') as HTMLButtonElement).click();
    await settle();

    const post = backend.expectOne((r) => r.method === 'POST' && r.url === '/api/cases');
    expect(post.request.body).toEqual({
      enterpriseId: 'e1',
      categoryCode: 'labor',
      title: '缺工 30 人',
      description: '急需普工',
      priority: 'normal',
    });
    expect(post.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    post.flush({ ...CASE, id: 'new-1' });
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith(['/cases', 'new-1']);
  });
});
