import { HttpTestingController } from '@angular/common/http/testing';
import type { DeadlinePolicyDto } from '@taizhang/contracts';
import { DeadlinePoliciesPage } from './deadline-policies.page';
import { configurePageTestBed, settle, startPage } from '../../../../testing/page-test-bed';

const POLICIES: DeadlinePolicyDto[] = [
  {
    level: 0,
    priority: 'normal',
    respondMinutes: 240,
    resolveMinutes: 2700,
    workingTime: true,
    respondByEndOfDay: false,
    maxExtensionDays: 5,
    nearLeadHours: null,
  },
  {
    level: 0,
    priority: 'urgent',
    respondMinutes: 60,
    resolveMinutes: 540,
    workingTime: true,
    respondByEndOfDay: false,
    maxExtensionDays: 5,
    nearLeadHours: 2,
  },
];

describe(DeadlinePoliciesPage.name, () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    backend = configurePageTestBed(DeadlinePoliciesPage);
  });

  it('edits the "deadline near" lead in working hours (empty: the default) and saves it', async () => {
    const fixture = startPage(DeadlinePoliciesPage);
    backend.expectOne((r) => r.url.endsWith('/api/deadline-policies') && r.method === 'GET').flush(POLICIES);
    await settle();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    const inputs = [...el.querySelectorAll<HTMLInputElement>('[data-testid="policy-near-lead-hours"]')];
    expect(inputs.map((i) => i.value)).toEqual(['', '2']);

    const change = (input: HTMLInputElement, value: string) => {
      input.value = value;
      input.dispatchEvent(new Event('change'));
    };
    change(inputs[0], '8');
    change(inputs[1], '');
    fixture.detectChanges();
    (el.querySelector('[data-testid="policies-save"]') as HTMLButtonElement).click();
    const put = backend.expectOne((r) => r.url.endsWith('/api/deadline-policies') && r.method === 'PUT');
    expect(
      (put.request.body.policies as DeadlinePolicyDto[]).map((p) => [p.priority, p.nearLeadHours]),
    ).toEqual([
      ['normal', 8],
      ['urgent', null],
    ]);
    put.flush(POLICIES);
  });
});
