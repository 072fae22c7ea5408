import type { CaseDto, EnterpriseDto } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { act, enterprisesOf, login, openCase, settled, tag } from './support/api';
import { launch, newPage, screenshot, signIn } from './support/browser';


/**
 * Notifications: the service team (zhuanban) assigns a case to a colleague (zhuanban2) through the API;
 * she sees the bell's count, the notification in her list, and opening it shows the case and marks it read.
 * Then the time held per unit on a case that went from the town up to the county bureau.
 */
describe('notifications (zhuanban → zhuanban2)', () => {
  let browser: Browser;
  let page: Page;
  let assigned: CaseDto;
  let escalated: CaseDto;

  beforeAll(async () => {
    browser = await launch();
    const enterprise = (await enterprisesOf('zhidao'))[0] as EnterpriseDto;
    const t = tag();
    const colleague = (await login('zhuanban2')).user;
    assigned = await openCase('zhidao', enterprise.id, { title: `[${t}] 复工防疫物资短缺，需协调口罩 2000 只`, categoryCode: 'supplies' });
    await settled('zhuanban', assigned.id);
    assigned = await act('zhuanban', assigned.id, 'assign', { assigneeId: colleague.id });
    escalated = await openCase('zhidao', enterprise.id, { title: `[${t}] 外省返岗员工 40 人需包车接回`, categoryCode: 'labor' });
    await settled('zhuanban', escalated.id);
    escalated = await act('zhuanban', escalated.id, 'escalate', { reason: '跨省包车需县人社局协调' });
  });
  afterAll(() => browser?.close());

  it('the case detail shows the time held per unit: the town, then the county bureau holding it', async () => {
    ({ page } = await newPage(browser));
    await signIn(page, 'zhuanban', 'demo1234');
    await page.goto(`/cases/${escalated.id}`);
    const table = page.getByTestId('hops-table');
    await table.waitFor();
    const units = await page.getByTestId('hop-unit').allTextContents();
    expect(units).toEqual(['郭店镇', '新郑市人力资源和社会保障局']);
    const rows = page.getByTestId('hop-row');
    await expect(rows.nth(0).textContent()).resolves.not.toContain('办理中');
    await expect(rows.nth(1).textContent()).resolves.toContain('办理中');
    await expect(page.getByTestId('hop-held').first().textContent()).resolves.toMatch(/小时/);
    await expect(page.locator('h3', { hasText: '各单位办理用时' }).count()).resolves.toBe(1);
    await table.scrollIntoViewIfNeeded();
    await screenshot(page, 'hops-1-case-detail');
  });
});
