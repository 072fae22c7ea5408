import { TestBed } from '@angular/core/testing';
import type { CaseHopDto } from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { CaseHopsComponent, heldParts } from './case-hops.component';
import { configurePageTestBed } from '../../../../testing/page-test-bed';

const HOPS: CaseHopDto[] = [
  {
    unitId: 'bureau',
    unitName: '新郑市人社局',
    level: 1,
    arrivedAt: '2026-03-04T01:00:00Z',
    leftAt: null,
    hoursHeld: 30.25,
  },
  {
    unitId: 'town',
    unitName: '郭店镇',
    level: 0,
    arrivedAt: '2026-03-01T01:00:00Z',
    leftAt: '2026-03-04T01:00:00Z',
    hoursHeld: 72,
  },
];

describe(CaseHopsComponent.name, () => {
  beforeEach(() => configurePageTestBed(CaseHopsComponent));

  function render(hops: CaseHopDto[] = HOPS): HTMLElement {
    const fixture = TestBed.createComponent(CaseHopsComponent);
    fixture.componentRef.setInput('hops', hops);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('lists the units in the order the case reached them, the holder last and marked as holding', () => {
    const rows = [...render().querySelectorAll('[data-testid="hop-row"]')];
    expect(rows.map((r) => r.querySelector('[data-testid="hop-unit"]')?.textContent)).toEqual([
      '郭店镇',
      '新郑市人社局',
    ]);
    expect(rows[0]?.textContent).toContain('2026/03/01 09:00');
    expect(rows[0]?.textContent).toContain('2026/03/04 09:00');
    expect(rows[0]?.querySelector('[data-testid="hop-held"]')?.textContent?.trim()).toBe('3 天 0 小时');
    expect(rows[1]?.textContent).toContain('办理中');
    expect(rows[1]?.querySelector('[data-testid="hop-held"]')?.textContent?.trim()).toBe('1 天 6 小时');
  });

  it('in English, and under a day in hours', () => {
    TestBed.inject(I18nService).setLocale('en');
    const el = render([{ ...HOPS[1], leftAt: null, hoursHeld: 5.26 }]);
    expect(el.querySelector('[data-testid="hop-held"]')?.textContent?.trim()).toBe('5.3 h');
    expect(el.textContent).toContain('Holding it');
    expect(el.textContent).not.toMatch(/小时|办理中|转入|单位/);
  });

  it('says so when there is no hop', () => {
    expect(render([]).textContent).toContain('暂无记录');
  });

  it('heldParts: hours under a day, days and whole hours after', () => {
    expect(heldParts(0.04)).toEqual({ days: 0, hours: 0 });
    expect(heldParts(23.94)).toEqual({ days: 0, hours: 23.9 });
    expect(heldParts(49.6)).toEqual({ days: 2, hours: 2 });
    expect(heldParts(-1)).toEqual({ days: 0, hours: 0 });
  });
});
