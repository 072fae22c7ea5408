import { HttpTestingController } from '@angular/common/http/testing';
import type { PublicConfirmationDto } from '@taizhang/contracts';
import { ApiError } from '../../../core/api/api-error';
import { ConfirmPage, linkProblem } from './confirm.page';
import { configurePageTestBed, settle, byTestId, startPage } from '../../../../testing/page-test-bed';

const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBB';
const URL = `/api/public/confirmations/${TOKEN}`;
const VIEW: PublicConfirmationDto = {
  ledgerNo: 'T01-2026-0001',
  enterpriseName: '宏达机械',
  title: '缺工 30 人',
  description: '急需普工',
  resolution: '已招聘 30 人',
  status: 'resolved',
  openedAt: '2026-03-01T01:00:00Z',
  resolvedAt: '2026-03-02T01:00:00Z',
  expiresAt: '2026-03-09T01:00:00Z',
  steps: [
    { type: 'open', at: '2026-03-01T01:00:00Z', status: 'open', unitName: '城关镇' },
    { type: 'resolve', at: '2026-03-02T01:00:00Z', status: 'resolved', unitName: '城关镇' },
  ],
};

describe('linkProblem', () => {
  it.each<[unknown, string]>([
    [new ApiError({ status: 404, code: 'CONFIRMATION.NOT_FOUND' }), 'invalid'],
    [new ApiError({ status: 410, code: 'CONFIRMATION.USED' }), 'used'],
    [new ApiError({ status: 410, code: 'CONFIRMATION.EXPIRED' }), 'expired'],
    [new ApiError({ status: 429, code: 'CONFIRMATION.THROTTLED' }), 'throttled'],
    [new ApiError({ status: 0 }), 'network'],
    [new ApiError({ status: 500, code: 'INTERNAL' }), 'network'],
    [new Error('x'), 'network'],
  ])('%s → %s', (err, expected) => {
    expect(linkProblem(err)).toBe(expected);
  });
});

describe(ConfirmPage.name, () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    backend = configurePageTestBed(ConfirmPage);
  });

  async function render() {
    const fixture = startPage(ConfirmPage, { token: TOKEN });
    return fixture;
  }

  it('shows the problem, the resolution and the steps, and posts the answer with the rating picked', async () => {
    const fixture = await render();
    const req = backend.expectOne(URL);
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush(VIEW);
    await settle();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    expect(byTestId(el, 'confirm-title')?.textContent).toContain('缺工 30 人');
    expect(byTestId(el, 'confirm-resolution')?.textContent).toContain('已招聘 30 人');
    expect(el.querySelectorAll('[data-testid="confirm-step"]')).toHaveLength(2);

    // nothing chosen, nothing rated: nothing is sent
    byTestId(el, 'confirm-submit')?.click();
    await settle();
    backend.expectNone((r) => r.method === 'POST');

    byTestId(el, 'confirm-accept')?.click();
    byTestId(el, 'confirm-rating-4')?.click();
    fixture.detectChanges();
    byTestId(el, 'confirm-submit')?.click();
    await settle();
    const post = backend.expectOne((r) => r.method === 'POST' && r.url === URL);
    expect(post.request.body).toEqual({ accept: true, rating: 4 });
    post.flush({ accepted: true, status: 'closed', rating: 4 });
    await settle();
    fixture.detectChanges();
    expect(byTestId(el, 'confirm-done')).not.toBeNull();
  });

  it('asks for a reason before a refusal is sent', async () => {
    const fixture = await render();
    backend.expectOne(URL).flush(VIEW);
    await settle();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    byTestId(el, 'confirm-refuse')?.click();
    byTestId(el, 'confirm-rating-2')?.click();
    fixture.detectChanges();
    byTestId(el, 'confirm-submit')?.click();
    await settle();
    fixture.detectChanges();
    backend.expectNone((r) => r.method === 'POST');
    expect(byTestId(el, 'confirm-reason-required')).not.toBeNull();
  });

  it.each<[number, string, string]>([
    [404, 'CONFIRMATION.NOT_FOUND', 'invalid'],
    [410, 'CONFIRMATION.USED', 'used'],
    [410, 'CONFIRMATION.EXPIRED', 'expired'],
  ])('a %s %s shows the %s page, not an error dump', async (status, code, page) => {
    const fixture = await render();
    backend
      .expectOne(URL)
      .flush(
        { type: 'about:blank', title: 'x', status, detail: 'internal detail', code },
        { status, statusText: 'x' },
      );
    await settle();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    expect(byTestId(el, `confirm-problem-${page}`)).not.toBeNull();
    expect(el.textContent).not.toContain('internal detail');
  });
});
