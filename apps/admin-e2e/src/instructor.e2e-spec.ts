import type { EnterpriseDto, UserDto } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { enterprisesOf, getCase, login, resolvedCase, tag } from './support/api';
import {
  animationsDone,
  horizontalOverflow,
  launch,
  newPage,
  screenshot,
  signIn,
  textOf,
} from './support/browser';
import { attr, poll, text } from './support/poll';

const PHONE = { width: 375, height: 812 };

/**
 * The on-site instructor, on a phone at the factory (375 × 812): his cases and enterprises, a new case
 * in under a minute, and the enterprise's verdict on a resolved case, given on its behalf — accepted with a
 * 1–5 rating (closed) or refused (reopened).
 */
describe('instructor (zhidao, phone)', () => {
  let browser: Browser;
  let page: Page;
  let me: UserDto;
  let mine: EnterpriseDto[];

  beforeAll(async () => {
    browser = await launch();
    me = (await login('zhidao')).user;
    mine = await enterprisesOf('zhidao');
    expect(mine.length).toBeGreaterThan(0);
    ({ page } = await newPage(browser, PHONE));
    await signIn(page, 'zhidao', 'demo1234');
  });
  afterAll(() => browser?.close());

  async function expectNoOverflow(): Promise<void> {
    await poll(() => horizontalOverflow(page), { what: 'what sticks out sideways' }).toEqual([]);
  }

  it('sees "my cases" and "my enterprises"', async () => {
    await page.waitForURL(/\/cases$/);
    await poll(() => textOf(page, 'page-title')).toBe('我的问题');
    await page.getByTestId('ledger-list').or(page.getByTestId('state-empty')).first().waitFor();
    await expectNoOverflow();
    await screenshot(page, 'instructor-1-my-cases');

    await page.getByTestId('nav-toggle').click();
    await poll(() => textOf(page, 'nav-cases')).toBe('我的问题');
    await poll(() => textOf(page, 'nav-enterprises')).toBe('我的企业');
    await animationsDone(page); // the drawer has slid in
    await screenshot(page, 'instructor-2-menu');
    await page.getByTestId('nav-enterprises').click();
    await page.waitForURL(/\/enterprises/);
    // the title was 我的问题 a moment ago: wait for the new page's
    await poll(() => textOf(page, 'page-title')).toBe('我的企业');
    await page.getByTestId('enterprise-row').first().waitFor();
    await poll(() => page.getByTestId('enterprise-row').count()).toBe(mine.length);
    await expectNoOverflow();
    await screenshot(page, 'instructor-3-my-enterprises');
  });

  it('opens a case in under a minute and sees it in his list with its badges', async () => {
    const enterprise = mine[0];
    const title = `[${tag()}] 物流停运，成品无法发往外省`;
    await page.goto('/cases');
    const t0 = Date.now();
    await page.getByTestId('new-case').click();
    await page.waitForURL(/\/cases\/new$/);
    await page.getByTestId('case-enterprise').fill(enterprise.name.slice(2, 6));
    await page.getByTestId('enterprise-option').filter({ hasText: enterprise.name }).click();
    await page.getByTestId('category-chip-transport').click();
    await page.getByTestId('case-title').fill(title);
    await page
      .getByTestId('case-description')
      .fill('受疫情影响物流停运，已生产的 2000 件成品无法发往湖南、广东客户，\n请协调运输通行证。');
    await page.getByTestId('case-urgent').click();
    await page.getByTestId('case-title').focus(); // leave the textarea: its label must sit on the border, clear of the text
    await expectNoOverflow();
    await screenshot(page, 'instructor-4-new-case');
    await page.getByTestId('case-submit').click();

    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await poll(() => attr(page.getByTestId('case-status'), 'data-status')).toBe('open');
    await page.getByTestId('case-urgent-badge').waitFor();
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeLessThan(60_000);
    const ledgerNo = await poll(() => textOf(page, 'case-ledger-no')).toMatch(/^410184101-\d{4}-\d{4}$/);
    await page.locator('[data-testid="timeline-event"][data-type="open"]').waitFor();
    await expectNoOverflow();
    await screenshot(page, 'instructor-5-case-opened');

    await page.getByRole('link', { name: /返回列表/ }).click();
    const row = page.locator(`[data-testid="ledger-row"][data-ledger-no="${ledgerNo}"]`);
    await row.waitFor();
    await poll(() => attr(row.locator('tz-status-badge'), 'data-status')).toBe('open');
    await poll(() => text(row.getByTestId('row-title'))).toBe(title);
    await poll(() => row.getByText('紧急', { exact: true }).count()).toBe(1);
    await poll(() => text(row.getByTestId('row-resolve-by'))).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    await expectNoOverflow();
    await screenshot(page, 'instructor-6-case-in-list');
  });

  describe('confirms a resolution with the enterprise', () => {
    it('accepted with a rating: the case is closed (销号)', async () => {
      const c = await resolvedCase(mine[0].id, '银行贷款到期需办理续贷');
      await page.goto('/cases');
      await page.getByTestId('inbox-toConfirm').click();
      await page.waitForURL(/status=resolved/);
      const row = page.locator(`[data-testid="ledger-row"][data-ledger-no="${c.ledgerNo}"]`);
      await row.waitFor();
      await screenshot(page, 'instructor-7-to-confirm');
      await row.getByTestId('row-title').click();
      await page.waitForURL(new RegExp(`/cases/${c.id}$`));
      await page.getByTestId('case-resolution').waitFor();
      await page.getByTestId('action-confirm').click();
      // no rating is pre-selected: confirming without one is refused in the dialog
      await poll(() => attr(page.getByTestId('dialog-rating-5'), 'aria-checked')).toBe('false');
      await page.getByTestId('dialog-confirm').click();
      await page.getByTestId('dialog-rating-error').waitFor();
      await page.getByTestId('dialog-rating-5').click();
      await page.getByTestId('dialog-comment').fill('企业负责人当面确认，表示满意。');
      await screenshot(page, 'instructor-8-confirm-dialog');
      await page.getByTestId('dialog-confirm').click();
      await page.locator('tz-status-badge[data-status="closed"]').waitFor();
      await page.locator('[data-testid="timeline-event"][data-type="confirm"]').waitFor();
      await poll(() => textOf(page, 'case-rating')).toContain('代企业确认');
      await expectNoOverflow();
      await screenshot(page, 'instructor-9-closed');
      const after = await getCase('zhidao', c.id);
      expect(after.status).toBe('closed');
      expect(after).toMatchObject({
        rating: 5,
        satisfied: true,
        confirmedBy: 'staff',
        ratingComment: '企业负责人当面确认，表示满意。',
      });
      expect(after.closedAt).not.toBeNull();
    });

    it('refused: the case is reopened with his reason', async () => {
      const c = await resolvedCase(mine[0].id, '稳岗补贴申报材料咨询');
      await page.goto(`/cases/${c.id}`);
      await page.getByTestId('action-reopen').click();
      await page.getByTestId('dialog-confirm').click();
      // the reason is required: the dialog stays open and says so
      await page.getByTestId('dialog-reason').waitFor();
      await page.getByText('必填').first().waitFor(); // the message comes with the next render, not with the click
      await poll(() => page.getByText('必填').count()).toBeGreaterThan(0);
      const reason = '企业反映补贴尚未到账，问题未解决。';
      await page.getByTestId('dialog-reason').fill(reason);
      await screenshot(page, 'instructor-10-reopen-dialog');
      await page.getByTestId('dialog-confirm').click();
      await page.locator('tz-status-badge[data-status="in_progress"]').waitFor();
      const reopen = page.locator('[data-testid="timeline-event"][data-type="reopen"]');
      await reopen.waitFor();
      await poll(() => text(reopen)).toContain(reason);
      await expectNoOverflow();
      await screenshot(page, 'instructor-11-reopened');
      const after = await getCase('zhidao', c.id);
      expect(after.status).toBe('in_progress');
      expect(after.satisfied).toBe(false);
      expect(me.role).toBe('instructor');
    });
  });
});
