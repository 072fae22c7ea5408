import { HttpTestingController } from '@angular/common/http/testing';
import type { WorkCalendarDto } from '@taizhang/contracts';
import { CalendarPage } from './calendar.page';
import { configurePageTestBed, settle, startPage } from '../../../../testing/page-test-bed';

const CALENDAR: WorkCalendarDto = {
  holidays: ['2026-10-01'],
  makeupWorkdays: ['2026-10-10'],
  days: [
    { date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' },
    { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
  ],
};

describe(CalendarPage.name, () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    backend = configurePageTestBed(CalendarPage);
  });

  async function render() {
    const fixture = startPage(CalendarPage);
    backend.expectOne('/api/calendar').flush(CALENDAR);
    await settle();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    const rows = () => [...el.querySelectorAll<HTMLElement>('[data-testid="calendar-row"]')];
    return { fixture, el, rows };
  }

  it('lists the days in date order with their weekday', async () => {
    const { rows } = await render();
    expect(rows().map((r) => r.getAttribute('data-date'))).toEqual(['2026-10-01', '2026-10-10']);
    expect(rows()[0]?.textContent).toContain('周四');
    expect(rows()[1]?.textContent).toContain('周六');
  });

  it('PUT /calendar: a new row is sent in date order; the refusal shows under the row it names', async () => {
    const { fixture, el, rows } = await render();
    el.querySelector<HTMLButtonElement>('[data-testid="calendar-add"]')?.click();
    fixture.detectChanges();
    const added = rows()[2];
    const date = added.querySelector<HTMLInputElement>('[data-testid="calendar-date"]') as HTMLInputElement;
    date.value = '2026-09-26'; // a Saturday
    date.dispatchEvent(new Event('change'));
    const name = added.querySelector<HTMLInputElement>('[data-testid="calendar-name"]') as HTMLInputElement;
    name.value = '测试';
    name.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    // a weekend date is most likely a make-up workday: switch it to a holiday to be refused
    const kind = added.querySelector<HTMLSelectElement>('[data-testid="calendar-kind"]') as HTMLSelectElement;
    expect(kind.value).toBe('workday');
    kind.value = 'holiday';
    kind.dispatchEvent(new Event('change'));
    fixture.detectChanges();

    el.querySelector<HTMLButtonElement>('[data-testid="calendar-save"]')?.click();
    const put = backend.expectOne({ method: 'PUT', url: '/api/calendar' });
    expect(put.request.body.days.map((d: { date: string }) => d.date)).toEqual([
      '2026-09-26',
      '2026-10-01',
      '2026-10-10',
    ]);
    put.flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        code: 'REQUEST.INVALID',
        detail: 'days.0.kind: …',
        errors: [
          {
            field: 'days.0.kind',
            message:
              '2026-09-26 is a Saturday or Sunday: it is not worked anyway, list only holidays that fall on Mon–Fri',
          },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    fixture.detectChanges();
    const first = rows()[0];
    expect(first.getAttribute('data-date')).toBe('2026-09-26');
    expect(first.querySelector('[data-testid="calendar-row-error"]')?.textContent).toContain(
      '该日是周六或周日',
    );
    expect(el.querySelectorAll('[data-testid="calendar-row-error"]').length).toBe(1);
  });

  it('a saved calendar replaces the rows with the API’s answer', async () => {
    const { fixture, el, rows } = await render();
    el.querySelector<HTMLButtonElement>('[data-testid="calendar-remove"]')?.click();
    fixture.detectChanges();
    expect(rows().length).toBe(1);
    el.querySelector<HTMLButtonElement>('[data-testid="calendar-save"]')?.click();
    const put = backend.expectOne({ method: 'PUT', url: '/api/calendar' });
    expect(put.request.body).toEqual({
      days: [{ date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' }],
    });
    put.flush({
      holidays: [],
      makeupWorkdays: ['2026-10-10'],
      days: [{ date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' }],
    });
    await settle();
    fixture.detectChanges();
    expect(rows().map((r) => r.getAttribute('data-date'))).toEqual(['2026-10-10']);
  });
});
