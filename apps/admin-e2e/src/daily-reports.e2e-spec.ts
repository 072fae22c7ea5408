import type { DailyReportDto, MeResponse } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { call, typed } from './support/api';
import { horizontalOverflow, launch, newPage, screenshot, signIn } from './support/browser';

/** Yesterday's reports of the unit, once the worker's start-up catch-up has frozen them. */
async function frozen(unitId: string, timeoutMs = 60_000): Promise<DailyReportDto[]> {
  const t0 = Date.now();
  for (;;) {
    const rows = (await typed('lingdao', 'get', '/api/daily-reports', { query: { unitId } })).items;
    if (rows.length) return rows;
    if (Date.now() - t0 > timeoutMs) throw new Error(`no daily report of ${unitId} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** 每日清零: the county leader (lingdao, 新郑市) reads the frozen figures of his county and of a town in it. */
describe('daily reports (lingdao)', () => {
  let browser: Browser;
  let page: Page;
  let me: MeResponse;

  beforeAll(async () => {
    browser = await launch();
    me = await call<MeResponse>('lingdao', 'GET', '/auth/me');
  });
  afterAll(() => browser?.close());

  it('shows a row per day for his county, with the frozen figures', async () => {
    const reports = await frozen(me.unitId as string);
    const latest = reports[0];
    ({ page } = await newPage(browser));
    await signIn(page, 'lingdao', 'demo1234');
    await page.getByTestId('nav-daily-reports').click();
    await page.waitForURL(/\/daily-reports/);
    await expect(page.getByTestId('page-title').textContent()).resolves.toBe('每日清零');
    await page.getByTestId('daily-row').first().waitFor();
    await expect(page.getByTestId('daily-row').count()).resolves.toBe(14);
    await expect(page.getByTestId('daily-unit').textContent()).resolves.toContain('新郑市');
    const row = page.locator(`[data-testid="daily-row"][data-date="${latest.reportDate}"]`);
    await row.getByTestId('daily-opened').waitFor();
    const cell = async (id: string) => Number(await row.getByTestId(id).textContent());
    await expect(cell('daily-opened')).resolves.toBe(latest.opened);
    await expect(cell('daily-solved')).resolves.toBe(latest.solved);
    await expect(cell('daily-pending')).resolves.toBe(latest.pending);
    await expect(cell('daily-overdue')).resolves.toBe(latest.overdue);
    await screenshot(page, 'daily-reports-1-county');
  });

  it('picks a town of his county (the address keeps the choice); only his jurisdiction is offered', async () => {
    await page.getByTestId('daily-unit').click();
    const options = await page.getByTestId('daily-unit-option').allTextContents();
    expect(options.map((o) => o.trim())).toContain('郭店镇');
    expect(options.map((o) => o.trim())).not.toContain('郑州市');
    await page.getByTestId('daily-unit-option').filter({ hasText: '郭店镇' }).click();
    await page.waitForURL(/unitId=/);
    const unitId = new URL(page.url()).searchParams.get('unitId') as string;
    const reports = await frozen(unitId);
    const latest = reports[0];
    expect(latest.unitName).toBe('郭店镇');
    const row = page.locator(`[data-testid="daily-row"][data-date="${latest.reportDate}"]`);
    await expect(row.getByTestId('daily-opened').textContent()).resolves.toBe(String(latest.opened));
    await page.reload();
    // the picker shows the address's unit once the units are loaded
    await page.getByTestId('daily-unit').filter({ hasText: '郭店镇' }).waitFor();
  });

  it('on a phone (375 px) nothing sticks out', async () => {
    const phone = await newPage(browser, { width: 375, height: 812 });
    await signIn(phone.page, 'lingdao', 'demo1234');
    await phone.page.goto('/daily-reports');
    await phone.page.getByTestId('daily-row').first().waitFor();
    await expect(horizontalOverflow(phone.page)).resolves.toEqual([]);
    await screenshot(phone.page, 'daily-reports-2-phone');
    await phone.context.close();
  });
});
