import type { CaseDto } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { enterprisesOf, getCase, openCase, settled, tag } from './support/api';
import { launch, newPage, screenshot, signIn, textOf } from './support/browser';
import { poll, text } from './support/poll';

/**
 * Issue 14's supervision flow: the town coordinator (zhuanban) bulk-assigns two new cases to a colleague from
 * the inbox, with a result per case; he then asks for more time on one (延期申请), and the county's leader
 * (lingdao), the unit above the town, approves it: the resolve-by moves.
 */
describe('supervision: bulk assign, extension request and approval', () => {
  let browser: Browser;
  let page: Page;
  let t: string;
  const cases: CaseDto[] = [];

  beforeAll(async () => {
    browser = await launch();
    const enterprise = (await enterprisesOf('zhidao'))[2];
    t = tag();
    for (const title of ['员工通勤班车不足', '原材料运输受阻']) {
      cases.push(
        await openCase('zhidao', enterprise.id, { title: `[${t}] ${title}`, categoryCode: 'labor' }),
      );
    }
    for (const c of cases) await settled('zhuanban', c.id);
    ({ page } = await newPage(browser));
    await signIn(page, 'zhuanban', 'demo1234');
  });
  afterAll(() => browser?.close());

  const first = (): CaseDto => cases[0];
  const row = (ledgerNo: string) => page.locator(`[data-testid="ledger-row"][data-ledger-no="${ledgerNo}"]`);

  it('the coordinator bulk-assigns the new cases, with a result per case', async () => {
    await page.waitForURL(/\/cases$/);
    await page.getByTestId('ledger-q').fill(t);
    await page.waitForURL(/q=/);
    for (const c of cases) await row(c.ledgerNo).waitFor();
    // the list shows both deadlines
    await row(first().ledgerNo).getByTestId('row-respond-by').waitFor();
    for (const c of cases) await row(c.ledgerNo).getByTestId('row-select').click();
    await poll(() => textOf(page, 'bulk-count')).toContain('2');
    await page.getByTestId('bulk-assign').click();
    // the picker searches once the typing pauses: open it on the answer for 'zhuanban2'
    const searched = page.waitForResponse(
      (r) => /\/api\/units\/[^/]+\/assignees\?/.test(r.url()) && r.url().includes('q=zhuanban2'),
    );
    await page.getByTestId('bulk-assignee-search').fill('zhuanban2');
    expect((await searched).status()).toBe(200);
    await page.getByTestId('bulk-assignee').click();
    await page.getByTestId('assignee-option').filter({ hasText: 'zhuanban2)' }).click();
    await screenshot(page, 'supervision-1-bulk-assign');
    await page.getByTestId('bulk-apply').click();
    await page.getByTestId('bulk-summary').waitFor();
    await poll(() => page.locator('[data-testid="bulk-result"][data-ok="true"]').count()).toBe(2);
    await screenshot(page, 'supervision-2-bulk-results');
    await page.getByTestId('bulk-close').click();
    for (const c of cases) {
      await row(c.ledgerNo).locator('tz-status-badge[data-status="in_progress"]').waitFor();
    }
    const assigned = await getCase('zhuanban', first().id);
    expect(assigned.status).toBe('in_progress');
  });

  it('the coordinator asks for more time on a case', async () => {
    const c = await getCase('zhuanban', first().id);
    await page.goto(`/cases/${c.id}`);
    await page.getByTestId('action-request_extension').click();
    // the day after the current resolve-by, in Shanghai
    const day = new Date(Date.parse(c.resolveBy as string) + 86_400_000 + 8 * 3_600_000)
      .toISOString()
      .slice(0, 10);
    await page.getByTestId('dialog-until').fill(day);
    await page.getByTestId('dialog-reason').fill('企业所需材料需外地调运，需延长办结时限');
    await screenshot(page, 'supervision-3-request-extension');
    await page.getByTestId('dialog-confirm').click();
    await page.getByTestId('extension-pending-badge').waitFor();
    await poll(() => text(page.getByTestId('case-extension-until'))).toContain(day.slice(5, 7));
  });

  it('the county leader approves it: the resolve-by moves', async () => {
    const before = await getCase('lingdao', first().id);
    expect(before.extensionUntil).toBeTruthy();
    const leader = await newPage(browser);
    await signIn(leader.page, 'lingdao', 'demo1234');
    await leader.page.goto(`/cases/${before.id}`);
    await leader.page.getByTestId('extension-pending-badge').waitFor();
    await leader.page.getByTestId('action-approve_extension').click();
    await leader.page.getByTestId('dialog-confirm').click();
    await leader.page.getByTestId('extension-pending-badge').waitFor({ state: 'detached' });
    await screenshot(leader.page, 'supervision-4-approved');
    const after = await getCase('lingdao', before.id);
    expect(after.resolveBy).toBe(before.extensionUntil);
    expect(after.events?.map((e) => e.type)).toEqual(
      expect.arrayContaining(['request_extension', 'approve_extension']),
    );
  });
});
