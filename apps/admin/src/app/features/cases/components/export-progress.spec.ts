import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CaseStatus, ExportDto } from '@taizhang/contracts';
import { TOKEN_STORAGE_KEY, USER_STORAGE_KEY } from '../../../core/auth/auth.service';
import { authInterceptor } from '../../../core/auth/auth.interceptor';
import { I18nService } from '../../../core/i18n/i18n.service';
import { EXPORT_POLL_MS, ExportJobStore, SAVE_FILE, exportRequestOf } from '../data/export-job.store';
import { ExportProgressComponent } from './export-progress.component';

const ID = '6f1c0c1e-0000-4000-8000-000000000001';
const job = (over: Partial<ExportDto> = {}): ExportDto => ({
  id: ID,
  status: 'queued',
  filters: {},
  total: null,
  doneRows: 0,
  percent: 0,
  fileName: '问题台账-2026-03-02.xlsx',
  sizeBytes: null,
  error: null,
  createdAt: '2026-03-02T01:00:00Z',
  startedAt: null,
  finishedAt: null,
  ...over,
});

/** The store is provided by the page that shows the progress. */
@Component({
  selector: 'tz-host',
  imports: [ExportProgressComponent],
  providers: [ExportJobStore],
  template: `<tz-export-progress />`,
})
class HostComponent {}

describe(ExportJobStore.name, () => {
  describe('exportRequestOf', () => {
    it('keeps the filters of the ledger and drops paging, sort and cursor', () => {
      expect(
        exportRequestOf({
          page: 3,
          pageSize: 50,
          sort: '-openedAt',
          // the document types `status` as a list; a lone value (older URL) is still made one
          status: 'open' as unknown as CaseStatus[],
          q: '缺工',
          overdue: true,
        }),
      ).toEqual({
        status: ['open'],
        q: '缺工',
        overdue: true,
      });
      expect(exportRequestOf({ page: 1, pageSize: 20, level: 0, status: ['open', 'escalated'] })).toEqual({
        level: 0,
        status: ['open', 'escalated'],
      });
    });
  });

  describe('the progress of an export job', () => {
    let http: HttpTestingController;
    const saved: { blob: Blob; name: string }[] = [];

    beforeEach(() => {
      jest.useFakeTimers();
      localStorage.clear();
      localStorage.setItem(TOKEN_STORAGE_KEY, 'header.eyJzdWIiOiJ1MSJ9.sig');
      localStorage.setItem(
        USER_STORAGE_KEY,
        JSON.stringify({ id: 'u1', username: 'c', displayName: 'c', role: 'coordinator', unitId: 't1' }),
      );
      saved.length = 0;
      TestBed.configureTestingModule({
        providers: [
          provideRouter([]),
          provideHttpClient(withInterceptors([authInterceptor])),
          provideHttpClientTesting(),
          { provide: SAVE_FILE, useValue: (blob: Blob, name: string) => saved.push({ blob, name }) },
        ],
      });
      http = TestBed.inject(HttpTestingController);
    });
    afterEach(() => {
      http.verify();
      jest.useRealTimers();
    });

    function mount() {
      const fixture = TestBed.createComponent(HostComponent);
      fixture.detectChanges();
      const store = fixture.debugElement.children[0]?.injector.get(ExportJobStore);
      const el = fixture.nativeElement as HTMLElement;
      const render = () => {
        fixture.detectChanges();
        return el;
      };
      return {
        fixture,
        store,
        render,
        text: () => render().querySelector('[data-testid="export-status"]')?.textContent?.trim() ?? '',
      };
    }
    const tick = async (ms: number) => {
      jest.advanceTimersByTime(ms);
      await Promise.resolve();
    };

    it('starts the job, polls every second with the Bearer token, shows the bar, then offers the download', async () => {
      const { store, render, text } = mount();
      expect(render().querySelector('[data-testid="export-progress"]')).toBeNull();

      store.start({ page: 2, pageSize: 20, status: ['open'], category: 'labor' });
      const post = http.expectOne('/api/exports');
      expect(post.request.method).toBe('POST');
      expect(post.request.body).toEqual({ status: ['open'], category: 'labor' });
      expect(post.request.headers.get('Authorization')).toBe('Bearer header.eyJzdWIiOiJ1MSJ9.sig');
      post.flush(job());
      expect(text()).toBe('已加入导出队列，等待处理…');
      expect(render().querySelector('mat-progress-bar')?.getAttribute('mode')).toBe('indeterminate');
      expect(store.busy()).toBe(true);

      // nothing before a second has passed
      await tick(EXPORT_POLL_MS - 1);
      http.expectNone(`/api/exports/${ID}`);
      await tick(1);
      http
        .expectOne(`/api/exports/${ID}`)
        .flush(job({ status: 'running', total: 12000, doneRows: 4000, percent: 33 }));
      expect(text()).toBe('正在导出：4,000 / 12,000 条（33%）');
      const bar = render().querySelector('mat-progress-bar');
      expect(bar?.getAttribute('mode')).toBe('determinate');
      expect(bar?.getAttribute('aria-valuenow')).toBe('33');
      expect(render().querySelector('[data-testid="export-download"]')).toBeNull();

      await tick(EXPORT_POLL_MS);
      http
        .expectOne(`/api/exports/${ID}`)
        .flush(job({ status: 'done', total: 12000, doneRows: 12000, percent: 100, sizeBytes: 800000 }));
      expect(text()).toBe('导出完成，共 12,000 条');
      expect(render().querySelector('mat-progress-bar')).toBeNull();
      expect(store.busy()).toBe(false);

      // polling has stopped
      await tick(EXPORT_POLL_MS * 3);
      http.expectNone(`/api/exports/${ID}`);

      (render().querySelector('[data-testid="export-download"]') as HTMLButtonElement).click();
      const dl = http.expectOne(`/api/exports/${ID}/download`);
      expect(dl.request.responseType).toBe('blob');
      expect(dl.request.headers.get('Authorization')).toBe('Bearer header.eyJzdWIiOiJ1MSJ9.sig');
      dl.flush(new Blob(['xlsx']));
      expect(saved.map((s) => s.name)).toEqual(['问题台账-2026-03-02.xlsx']);

      (render().querySelector('[data-testid="export-dismiss"]') as HTMLButtonElement).click();
      expect(render().querySelector('[data-testid="export-progress"]')).toBeNull();
    });

    it('says so when the job fails, in the chosen language, and stops polling', async () => {
      const { store, text } = mount();
      TestBed.inject(I18nService).setLocale('en');
      store.start({ page: 1, pageSize: 20 });
      http.expectOne('/api/exports').flush(job({ status: 'running', total: 10, doneRows: 0 }));
      expect(text()).toBe('Exporting: 0 of 10 rows (0%)');
      await tick(EXPORT_POLL_MS);
      http.expectOne(`/api/exports/${ID}`).flush(job({ status: 'failed', total: 10, error: 'boom' }));
      expect(text()).toBe('The export failed: please try again');
      await tick(EXPORT_POLL_MS * 2);
      http.expectNone(`/api/exports/${ID}`);
    });

    it('shows the API’s refusal to start one (too many running)', () => {
      const { store, text } = mount();
      store.start({ page: 1, pageSize: 20 });
      http
        .expectOne('/api/exports')
        .flush(
          { status: 429, code: 'EXPORT.TOO_MANY', title: 'Too Many Requests', detail: 'x' },
          { status: 429, statusText: 'Too Many Requests' },
        );
      expect(text()).toBe('已有多个导出正在进行，请等其完成后再试');
      expect(store.busy()).toBe(false);
    });

    it('stops polling when the page goes away', async () => {
      const { fixture, store } = mount();
      store.start({ page: 1, pageSize: 20 });
      http.expectOne('/api/exports').flush(job());
      fixture.destroy();
      await tick(EXPORT_POLL_MS * 3);
      http.expectNone(`/api/exports/${ID}`);
    });
  });
});
