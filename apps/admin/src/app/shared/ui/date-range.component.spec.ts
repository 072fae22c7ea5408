import { TestBed } from '@angular/core/testing';
import { DateRangeComponent, type DateRangeChange } from './date-range.component';

describe(DateRangeComponent.name, () => {
  function render(linked: boolean) {
    const fixture = TestBed.createComponent(DateRangeComponent);
    fixture.componentRef.setInput('from', '2026-03-01');
    fixture.componentRef.setInput('to', '2026-03-14');
    fixture.componentRef.setInput('labels', 'dailyReports');
    fixture.componentRef.setInput('testId', 'daily');
    fixture.componentRef.setInput('linked', linked);
    const changes: DateRangeChange[] = [];
    fixture.componentInstance.rangeChange.subscribe((c) => changes.push(c));
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const input = (end: string) => el.querySelector(`[data-testid="daily-${end}"]`) as HTMLInputElement;
    return { el, input, changes };
  }

  it('shows both days, each in its label, and says which end changed to what', () => {
    const { el, input, changes } = render(false);
    expect([...el.querySelectorAll('label span')].map((s) => s.textContent?.trim())).toEqual([
      '开始日期',
      '结束日期',
    ]);
    expect(input('from').value).toBe('2026-03-01');
    expect(input('to').value).toBe('2026-03-14');
    input('to').value = '2026-03-20';
    input('to').dispatchEvent(new Event('change'));
    input('from').value = '';
    input('from').dispatchEvent(new Event('change'));
    expect(changes).toEqual([
      { end: 'to', value: '2026-03-20' },
      { end: 'from', value: '' },
    ]);
  });

  it('keeps each end from passing the other only when linked', () => {
    const linked = render(true).input;
    expect(linked('from').getAttribute('max')).toBe('2026-03-14');
    expect(linked('to').getAttribute('min')).toBe('2026-03-01');
    const free = render(false).input;
    expect(free('from').hasAttribute('max')).toBe(false);
    expect(free('to').hasAttribute('min')).toBe(false);
  });
});
