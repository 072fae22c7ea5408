import { TestBed } from '@angular/core/testing';
import type { CaseEventDto } from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { CaseTimelineComponent } from './case-timeline.component';
import { configurePageTestBed } from '../../../../testing/page-test-bed';

const base = { fromUnitId: 'town-1', toUnitId: 'town-1', fromStatus: 'open', toStatus: 'open' } as const;
const EVENTS: CaseEventDto[] = [
  {
    ...base,
    id: 'e1',
    type: 'open',
    actorId: 'u1',
    actorName: '张三',
    at: '2020-03-01T01:00:00Z',
    fromStatus: null,
    fromUnitId: null,
    reason: null,
    payload: {},
  },
  // what the worker writes: no actor, a bilingual reason, and (from the API) the actor name "系统"
  {
    ...base,
    id: 'e2',
    type: 'overdue',
    actorId: null,
    actorName: '系统',
    at: '2020-03-01T16:00:00Z',
    reason: '首次响应超时 (respond-by passed)',
    payload: { overdue: true, deadline: 'respond' },
  },
  {
    ...base,
    id: 'e3',
    type: 'escalate',
    actorId: null,
    actorName: '系统',
    at: '2020-03-04T01:00:00Z',
    toStatus: 'escalated',
    toUnitId: 'bureau-1',
    reason: '乡镇办结时限已过，系统自动上报 (resolve-by passed at the town: escalated automatically)',
    payload: {},
  },
  {
    ...base,
    id: 'e4',
    type: 'return',
    actorId: 'u2',
    actorName: '李四',
    at: '2020-03-04T02:00:00Z',
    reason: '不属于本部门职责',
    payload: {},
  },
];

describe(CaseTimelineComponent.name, () => {
  beforeEach(() => configurePageTestBed(CaseTimelineComponent));

  function render(): HTMLElement {
    const fixture = TestBed.createComponent(CaseTimelineComponent);
    fixture.componentRef.setInput('events', EVENTS);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('says what the system did from its own words, never the raw bilingual reason', () => {
    const el = render();
    const [open, overdue, escalate, ret] = [...el.querySelectorAll('[data-testid="timeline-event"]')].map(
      (e) => e.textContent ?? '',
    );
    expect(open).toContain('张三');
    expect(overdue).toContain('系统');
    expect(overdue).toContain('超过响应时限');
    expect(overdue).not.toContain('respond-by');
    expect(escalate).toContain('办结时限已过，系统自动上报');
    expect(escalate).not.toContain('escalated automatically');
    expect(ret).toContain('不属于本部门职责'); // a person's reason is shown as written
  });

  it('in English too', () => {
    TestBed.inject(I18nService).setLocale('en');
    const el = render();
    const text = el.textContent ?? '';
    expect(text).toContain('System');
    expect(text).toContain('Response deadline missed');
    expect(text).toContain('escalated automatically');
    expect(text).not.toMatch(/系统|超时/);
  });

  it("shows the enterprise's rating, and who gave it: the enterprise through its link or staff on its behalf", () => {
    const fixture = TestBed.createComponent(CaseTimelineComponent);
    fixture.componentRef.setInput('events', [
      {
        ...base,
        id: 'r1',
        type: 'reopen',
        actorId: null,
        actorName: '企业（确认链接）',
        at: '2020-03-05T01:00:00Z',
        fromStatus: 'resolved',
        toStatus: 'in_progress',
        reason: '仍缺工',
        payload: { rating: 2, confirmedBy: 'enterprise' },
      },
      {
        ...base,
        id: 'r2',
        type: 'confirm',
        actorId: 'u1',
        actorName: '张三',
        at: '2020-03-06T01:00:00Z',
        fromStatus: 'resolved',
        toStatus: 'closed',
        reason: null,
        payload: { rating: 4, satisfied: true, confirmedBy: 'staff', comment: '满意' },
      },
    ] satisfies CaseEventDto[]);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const [reopen, confirm] = [...el.querySelectorAll('[data-testid="timeline-event"]')].map(
      (e) => e.textContent ?? '',
    );
    expect(reopen).toContain('企业（确认链接）');
    expect(reopen).toContain('仍缺工'); // the enterprise's reason is shown, though it has no user id
    expect(reopen).toContain('★★☆☆☆');
    expect(reopen).toContain('企业自行确认');
    expect(confirm).toContain('★★★★☆');
    expect(confirm).toContain('代企业确认');
    expect(confirm).not.toContain('企业满意'); // the old yes/no line gives way to the rating
  });
});
