import type { CaseDto } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { act, enterprisesOf, getCase, openCase, settled, tag } from './support/api';
import { launch, ledgerShows, newPage, screenshot, signIn, textOf } from './support/browser';
import { attr, expectEventually, poll, text } from './support/poll';

/**
 * The town's service team (郭店镇专班 zhuanban): the inbox tabs, a case assigned to himself and resolved,
 * another escalated with a reason, and a conflict when someone else changed the case first.
 */
describe('coordinator (zhuanban)', () => {
  let browser: Browser;
  let page: Page;
  const cases: Record<'assign' | 'escalate' | 'stale', CaseDto> = {} as never;

  beforeAll(async () => {
    browser = await launch();
    const enterprise = (await enterprisesOf('zhidao'))[0];
    const t = tag();
    cases.assign = await openCase('zhidao', enterprise.id, {
      title: `[${t}] 员工宿舍隔离条件不足，需协调临时住所`,
      categoryCode: 'labor',
    });
    cases.escalate = await openCase('zhidao', enterprise.id, {
      title: `[${t}] 熟练焊工缺口 30 人，影响订单交付`,
      categoryCode: 'labor',
    });
    cases.stale = await openCase('zhidao', enterprise.id, {
      title: `[${t}] 用电增容申请`,
      categoryCode: 'other',
    });
    for (const c of Object.values(cases)) await settled('zhuanban', c.id);
    ({ page } = await newPage(browser));
    await signIn(page, 'zhuanban', 'demo1234');
  });
  afterAll(() => browser?.close());

  function row(ledgerNo: string) {
    return page.locator(`[data-testid="ledger-row"][data-ledger-no="${ledgerNo}"]`);
  }

  it('works from the inbox tabs: new · assigned to me · escalated · overdue', async () => {
    await page.waitForURL(/\/cases$/);
    for (const key of ['all', 'new', 'mine', 'escalated', 'overdue'])
      await page.getByTestId(`inbox-${key}`).waitFor();
    await poll(() => attr(page.getByTestId('inbox-all'), 'aria-current')).toBe('page');
    await page.getByTestId('ledger-row').first().waitFor();
    await screenshot(page, 'coordinator-1-inbox');

    await page.getByTestId('inbox-new').click();
    await page.waitForURL(/status=open/);
    await row(cases.assign.ledgerNo).waitFor();
    // every row shown is a new (open) case (the condition is the assertion: it times out otherwise)
    await expect(ledgerShows(page, 'open')).resolves.toBeGreaterThan(0);
    await poll(() => attr(page.getByTestId('inbox-new'), 'aria-current')).toBe('page');
    await screenshot(page, 'coordinator-2-inbox-new');

    await page.getByTestId('inbox-overdue').click();
    await page.waitForURL(/overdue=true/);
    await page.getByTestId('ledger-row').or(page.getByTestId('state-empty')).first().waitFor();
    // every row shown carries the overdue badge
    const rows = await ledgerShows(page, 'overdue');
    await poll(() => page.getByTestId('overdue-badge').count()).toBe(rows);
  });

  it('opens a new case, assigns it to himself in the dialog and resolves it', async () => {
    await page.getByTestId('inbox-new').click();
    await page.getByTestId('ledger-q').fill(cases.assign.ledgerNo);
    await page.waitForURL(/q=/);
    await row(cases.assign.ledgerNo).click();
    await page.waitForURL(new RegExp(`/cases/${cases.assign.id}$`));

    await page.getByTestId('action-assign').click();
    await page.getByTestId('dialog-assignee').click();
    await page.getByTestId('assignee-option').filter({ hasText: 'zhuanban)' }).click();
    await page.getByTestId('dialog-reason').fill('由专班王建国负责对接');
    await screenshot(page, 'coordinator-3-assign-dialog');
    await page.getByTestId('dialog-confirm').click();
    await page.locator('tz-status-badge[data-status="in_progress"]').waitFor();
    await poll(() => text(page.locator('.facts'))).toContain('郭店镇专班·王建国');

    // now it is in "assigned to me"
    await page.goto('/cases');
    await page.getByTestId('inbox-mine').click();
    await page.waitForURL(/assigneeId=/);
    await row(cases.assign.ledgerNo).waitFor();
    await screenshot(page, 'coordinator-4-inbox-mine');
    await row(cases.assign.ledgerNo).click();

    await page.getByTestId('action-resolve').click();
    await page
      .getByTestId('dialog-resolution')
      .fill('已协调镇中心学校腾出 12 间宿舍作为临时住所，企业员工已入住。');
    await page.getByTestId('dialog-confirm').click();
    await page.locator('tz-status-badge[data-status="resolved"]').waitFor();
    await page.getByTestId('case-resolution').waitFor();
    await screenshot(page, 'coordinator-5-resolved');
    await expectEventually(
      () =>
        page
          .locator('[data-testid="timeline-event"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-type'))),
      (types) => expect(types.filter((t) => t !== 'overdue')).toEqual(['open', 'assign', 'resolve']),
      { what: 'the timeline' },
    );
    expect((await getCase('zhuanban', cases.assign.id)).status).toBe('resolved');
  });

  it('escalates a case the town cannot solve, with a reason', async () => {
    await page.goto(`/cases/${cases.escalate.id}`);
    await page.getByTestId('action-escalate').click();
    await page.getByTestId('dialog-confirm').click();
    // the reason is required: the dialog stays open and says so (with the next render, not with the click)
    await page.locator('mat-dialog-container').getByText('必填', { exact: true }).first().waitFor();
    await poll(() => page.getByTestId('dialog-reason').isVisible()).toBe(true);
    await page.getByTestId('dialog-reason').fill('本镇无法协调招聘熟练焊工，提请市人社局组织专场招聘。');
    await screenshot(page, 'coordinator-6-escalate-dialog');
    await page.getByTestId('dialog-confirm').click();
    await page.locator('tz-status-badge[data-status="escalated"]').waitFor();
    await page.locator('[data-testid="timeline-event"][data-type="escalate"]').waitFor();
    await poll(() => text(page.locator('.facts'))).toContain('新郑市人力资源和社会保障局');
    await screenshot(page, 'coordinator-7-escalated');
    const after = await getCase('zhuanban', cases.escalate.id);
    expect(after.status).toBe('escalated');
    expect(after.level).toBe(1);
  });

  it('is told when someone else changed the case first, and reloads', async () => {
    await page.goto(`/cases/${cases.stale.id}`);
    await page.getByTestId('action-assign').waitFor();
    // meanwhile, his colleague writes a comment on it
    await act('zhuanban2', cases.stale.id, 'comment', { comment: '已电话联系供电公司，等待答复。' });

    await page.getByTestId('action-assign').click();
    await page.getByTestId('dialog-assignee').click();
    await page.getByTestId('assignee-option').filter({ hasText: 'zhuanban)' }).click();
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('stale-banner').waitFor();
    await poll(() => textOf(page, 'stale-banner')).toContain('此案件已被他人更新');
    await poll(() => page.getByTestId('action-assign').isDisabled({ timeout: 2_000 })).toBe(true);
    await screenshot(page, 'coordinator-8-stale');

    await page.getByTestId('stale-reload').click();
    await page.getByTestId('stale-banner').waitFor({ state: 'detached' });
    await page.locator('[data-testid="timeline-event"][data-type="comment"]').waitFor();
    // with the fresh version the same action goes through
    await page.getByTestId('action-assign').click();
    await page.getByTestId('dialog-assignee').click();
    await page.getByTestId('assignee-option').filter({ hasText: 'zhuanban)' }).click();
    await page.getByTestId('dialog-confirm').click();
    await page.locator('tz-status-badge[data-status="in_progress"]').waitFor();
    await screenshot(page, 'coordinator-9-after-reload');
  });
});
