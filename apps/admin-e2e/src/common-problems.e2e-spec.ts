import type { CaseDto } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { enterprisesOf, getCase, openCase, settled, tag } from './support/api';
import { launch, newPage, screenshot, signIn, textOf } from './support/browser';
import { poll } from './support/poll';

/**
 * 共性问题 (issue 15): three enterprises of 郭店镇 short of the same workers. The town's coordinator sees the
 * similar cases on a case's page, groups the three into a common problem, and assigns and resolves them once:
 * every case gets its own events and waits for its own enterprise's confirmation.
 */
describe('coordinator groups similar cases and resolves them once', () => {
  let browser: Browser;
  let page: Page;
  let cases: CaseDto[];
  let t: string;

  beforeAll(async () => {
    browser = await launch();
    const enterprises = (await enterprisesOf('zhidao')).slice(0, 3);
    t = tag();
    const titles = [
      '返岗员工不足，急需招聘普工',
      '员工返岗不足，生产线缺普工',
      '普工返岗不足，急需招聘一线普工',
    ];
    cases = [];
    for (const [i, e] of enterprises.entries())
      cases.push(
        await openCase('zhidao', e.id, {
          title: `[${t}] ${titles[i]}`,
          description: '外地员工返岗率低，生产线缺人',
          categoryCode: 'labor',
        }),
      );
    for (const c of cases) await settled('zhuanban', c.id);
    ({ page } = await newPage(browser));
    await signIn(page, 'zhuanban', 'demo1234');
  });
  afterAll(() => browser?.close());

  it('suggests the similar cases on a case’s page', async () => {
    const [first, second, third] = cases as [CaseDto, CaseDto, CaseDto];
    await page.goto(`/cases/${first.id}`);
    await page.getByTestId('similar-cases').waitFor();
    for (const c of [second, third])
      await page.getByTestId('similar-case').filter({ hasText: c.ledgerNo }).waitFor();
    await screenshot(page, 'common-problems-1-similar');
  });

  it('groups the three into a common problem, picking them by search', async () => {
    await page.getByTestId('nav-common-problems').click();
    await page.waitForURL(/\/common-problems$/);
    await page.getByTestId('group-new').click();
    await page.getByTestId('group-title').fill(`[${t}] 多家企业普工返岗不足`);
    await page.getByTestId('picker-search').fill(t);
    for (const c of cases) await page.getByTestId(`pick-${c.ledgerNo}`).locator('input').check();
    await poll(() => textOf(page, 'picker-selected')).toContain('3');
    await screenshot(page, 'common-problems-2-group');
    await page.getByTestId('group-submit').click();
    await page.waitForURL(/\/common-problems\/[0-9a-f-]{36}$/);
    await page.getByTestId('group-member').nth(2).waitFor();
    await poll(() => textOf(page, 'group-summary')).toMatch(/3 个问题 · 3 家企业 · 3 个未办结/);
  });

  it('assigns and resolves all three at once; each case has its own events', async () => {
    await page.getByTestId('group-action-assign').click();
    await page.getByTestId('dialog-assignee').click();
    await page.getByTestId('assignee-option').filter({ hasText: 'zhuanban)' }).click();
    await page.getByTestId('dialog-confirm').click();
    for (const c of cases)
      await page.locator(`[data-testid="member-status-${c.ledgerNo}"][data-status="in_progress"]`).waitFor();

    await page.getByTestId('group-action-resolve').click();
    await page
      .getByTestId('dialog-resolution')
      .fill('镇专班组织“返岗直通车”和专场招聘会，三家企业普工已补齐。');
    await screenshot(page, 'common-problems-3-resolve-dialog');
    await page.getByTestId('dialog-confirm').click();
    for (const c of cases)
      await page.locator(`[data-testid="member-status-${c.ledgerNo}"][data-status="resolved"]`).waitFor();
    await poll(() => textOf(page, 'group-summary')).toMatch(/0 个未办结/);
    await screenshot(page, 'common-problems-4-resolved');

    for (const c of cases) {
      const got = await getCase('zhuanban', c.id);
      expect(got.status).toBe('resolved');
      expect(got.resolution).toContain('返岗直通车');
      expect(got.events?.filter((e) => e.type === 'resolve')).toHaveLength(1);
      expect(got.events?.filter((e) => e.type === 'assign')).toHaveLength(1);
      // each enterprise confirms its own case
      expect((await getCase('zhidao', c.id)).allowedActions).toContain('confirm');
    }
  });
});
