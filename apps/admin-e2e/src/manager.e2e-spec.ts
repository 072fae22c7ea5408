import type { DashboardSummary } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { call, listCases } from './support/api';
import { canvasesStill, launch, ledgerShows, newPage, screenshot, signIn, textOf } from './support/browser';

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
    const number = async (id: string) => Number((await textOf(page, id)).replace(/[^\d]/g, ''));
    await expect(number('dashboard-total')).resolves.toBe(summary.total);
    await expect(number('dashboard-solved')).resolves.toBe(summary.solved);
    await expect(number('dashboard-pending')).resolves.toBe(summary.pending);
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
    await expect(page.getByTestId('ledger-overdue').locator('input').isChecked()).resolves.toBe(true);
    const rows = await ledgerShows(page, 'overdue');
    await expect(page.getByTestId('overdue-badge').count()).resolves.toBe(rows);
    const listed = await listCases('lingdao', { overdue: true, pageSize: 1 });
    expect(listed.total).toBe(summary.overdue);
    await expect(textOf(page, 'ledger-paginator')).resolves.toContain(`共 ${summary.overdue} 条`);
    await screenshot(page, 'manager-2-overdue-ledger');

    await page.goBack();
    await page.getByTestId('dashboard-pending').click();
    await page.waitForURL(/status=open&status=in_progress&status=escalated|status=/);
    await expect(textOf(page, 'ledger-paginator')).resolves.toContain(`共 ${summary.pending} 条`);
  });

  it("drills down to a unit: breadcrumb back up, the unit's figures, its ledger link", async () => {
    await page.goto('/dashboard');
    const row = page.getByTestId('dashboard-unit-row').first();
    await row.waitFor();
    const unitId = (await row.getAttribute('data-unit-id')) as string;
    await expect(row.getByTestId('dashboard-unit-ledger').getAttribute('href')).resolves.toBe(
      `/cases?unitId=${unitId}`,
    );
    await row.getByTestId('dashboard-unit-drill').click();
    await page.waitForURL(new RegExp(`/dashboard\\?unitId=${unitId}$`));
    const summary = await call<DashboardSummary>('lingdao', 'GET', `/dashboard/summary?unitId=${unitId}`);
    await expect(page.getByTestId('dashboard-crumb').last().getAttribute('data-unit-id')).resolves.toBe(
      unitId,
    );
    await expect(page.getByTestId('dashboard-crumb').count()).resolves.toBeGreaterThan(1);
    const total = Number((await textOf(page, 'dashboard-total')).replace(/[^\d]/g, ''));
    expect(total).toBe(summary.total);
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
    await expect(urge.textContent()).resolves.toContain(note);
    await expect(urge.textContent()).resolves.toContain('新郑市领导·马志峰');
    await screenshot(page, 'manager-3-urged');
  });
});
