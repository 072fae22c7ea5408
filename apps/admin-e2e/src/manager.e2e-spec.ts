import type { DashboardSummary } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { call, listCases } from './support/api';
import { canvasesStill, launch, ledgerShows, newPage, screenshot, signIn, textOf } from './support/browser';
import { attr, digits, poll, text } from './support/poll';

/**
 * The county leader (新郑市 lingdao): the dashboard of his jurisdiction with figures and charts, a
 * figure that opens the ledger filtered the same way, and a case he urges (督办).
 */
describe('manager (lingdao)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    ({ page } = await newPage(browser));
  });
  afterAll(() => browser?.close());

  it('reads the dashboard: figures and charts (echarts loaded only there)', async () => {
    const scripts: string[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push(res.url());
    });
    await signIn(page, 'lingdao', 'demo1234');
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId('dashboard-total').waitFor();
    const summary = await call<DashboardSummary>('lingdao', 'GET', '/dashboard/summary');
    expect(summary.total).toBeGreaterThan(0);
    const number = async (id: string) => digits(await textOf(page, id));
    await poll(() => number('dashboard-total')).toBe(summary.total);
    await poll(() => number('dashboard-solved')).toBe(summary.solved);
    await poll(() => number('dashboard-pending')).toBe(summary.pending);
    // three charts drawn on canvases
    await page.waitForFunction(() => document.querySelectorAll('tz-chart canvas').length >= 3);
    await canvasesStill(page, 'tz-chart canvas'); // the charts' entry animation is over
    await screenshot(page, 'manager-1-dashboard');
    expect(scripts.length).toBeGreaterThan(1);
  });

  it('clicks a figure through to the ledger filtered the same way', async () => {
    const summary = await call<DashboardSummary>('lingdao', 'GET', '/dashboard/summary');
    await page.getByTestId('dashboard-overdue').click();
    await page.waitForURL(/\/cases\?overdue=true$/);
    await page.getByTestId('ledger-row').first().waitFor();
    await poll(() => page.getByTestId('ledger-overdue').locator('input').isChecked({ timeout: 2_000 })).toBe(
      true,
    );
    const rows = await ledgerShows(page, 'overdue');
    await poll(() => page.getByTestId('overdue-badge').count()).toBe(rows);
    const listed = await listCases('lingdao', { overdue: true, pageSize: 1 });
    expect(listed.total).toBe(summary.overdue);
    await poll(() => textOf(page, 'ledger-paginator')).toContain(`共 ${summary.overdue} 条`);
    await screenshot(page, 'manager-2-overdue-ledger');

    await page.goBack();
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId('dashboard-pending').click();
    await page.waitForURL(/status=open&status=in_progress&status=escalated|status=/);
    // the paginator said 共 <overdue> 条 a moment ago (the same ledger page, another filter)
    await poll(() => textOf(page, 'ledger-paginator')).toContain(`共 ${summary.pending} 条`);
  });

  it("drills down to a unit: breadcrumb back up, the unit's figures, its ledger link", async () => {
    await page.goto('/dashboard');
    const row = page.getByTestId('dashboard-unit-row').first();
    await row.waitFor();
    const unitId = (await row.getAttribute('data-unit-id')) as string;
    await poll(() => attr(row.getByTestId('dashboard-unit-ledger'), 'href')).toBe(`/cases?unitId=${unitId}`);
    await row.getByTestId('dashboard-unit-drill').click();
    await page.waitForURL(new RegExp(`/dashboard\\?unitId=${unitId}$`));
    const summary = await call<DashboardSummary>('lingdao', 'GET', `/dashboard/summary?unitId=${unitId}`);
    await poll(() => attr(page.getByTestId('dashboard-crumb').last(), 'data-unit-id')).toBe(unitId);
    await poll(() => page.getByTestId('dashboard-crumb').count()).toBeGreaterThan(1);
    // the county's total was there a moment ago: wait for the unit's
    await poll(async () => digits(await textOf(page, 'dashboard-total'))).toBe(summary.total);
    await page.getByTestId('dashboard-crumb').first().click();
    await page.waitForURL(/\/dashboard$/);
  });

  it('urges an overdue case (督办)', async () => {
    await page.goto('/cases?overdue=true&status=open&status=in_progress&status=escalated');
    await page.getByTestId('ledger-row').first().click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByTestId('action-urge').click();
    const note = '请于今日下班前反馈办理进度。';
    await page.getByTestId('dialog-reason').fill(note);
    await page.getByTestId('dialog-confirm').click();
    const urge = page.locator('[data-testid="timeline-event"][data-type="urge"]').last();
    await urge.waitFor();
    await poll(() => text(urge)).toContain(note);
    await poll(() => text(urge)).toContain('新郑市领导·马志峰');
    await screenshot(page, 'manager-3-urged');
  });
});
