import type { DailyReportDto, MeResponse } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { call, typed } from './support/api';
import { horizontalOverflow, launch, newPage, screenshot, signIn } from './support/browser';
import { poll, text, texts } from './support/poll';

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
    await poll(() => text(page.getByTestId('page-title'))).toBe('每日清零');
    await page.getByTestId('daily-row').first().waitFor();
    await poll(() => page.getByTestId('daily-row').count()).toBe(14);
    await poll(() => text(page.getByTestId('daily-unit'))).toContain('新郑市');
    const row = page.locator(`[data-testid="daily-row"][data-date="${latest.reportDate}"]`);
    await row.getByTestId('daily-opened').waitFor();
    const cell = async (id: string) => Number(await text(row.getByTestId(id)));
    await poll(() => cell('daily-opened')).toBe(latest.opened);
    await poll(() => cell('daily-solved')).toBe(latest.solved);
    await poll(() => cell('daily-pending')).toBe(latest.pending);
    await poll(() => cell('daily-overdue')).toBe(latest.overdue);
    await screenshot(page, 'daily-reports-1-county');
  });

  it('picks a town of his county (the address keeps the choice); only his jurisdiction is offered', async () => {
    await page.getByTestId('daily-unit').click();
    // the panel opens on the next render: read the options once the town is among them
    const options = await poll(() => texts(page.getByTestId('daily-unit-option'))).toContain('郭店镇');
    expect(options).not.toContain('郑州市');
    // the town's reports: the rows are the county's until they come (the same dates)
    const townReports = page.waitForResponse(
      (r) =>
        /\/api\/daily-reports\?/.test(r.url()) && new URL(r.url()).searchParams.get('unitId') !== me.unitId,
    );
    await page.getByTestId('daily-unit-option').filter({ hasText: '郭店镇' }).click();
    await page.waitForURL(/unitId=/);
    expect((await townReports).ok()).toBe(true);
    const unitId = new URL(page.url()).searchParams.get('unitId') as string;
    const reports = await frozen(unitId);
    const latest = reports[0];
    expect(latest.unitName).toBe('郭店镇');
    const row = page.locator(`[data-testid="daily-row"][data-date="${latest.reportDate}"]`);
    await poll(() => text(row.getByTestId('daily-opened'))).toBe(String(latest.opened));
    await page.reload();
    // the picker shows the address's unit once the units are loaded
    await page.getByTestId('daily-unit').filter({ hasText: '郭店镇' }).waitFor();
  });

  it('on a phone (375 px) nothing sticks out', async () => {
    const phone = await newPage(browser, { width: 375, height: 812 });
    await signIn(phone.page, 'lingdao', 'demo1234');
    await phone.page.goto('/daily-reports');
    await phone.page.getByTestId('daily-row').first().waitFor();
    await poll(() => horizontalOverflow(phone.page), { what: 'what sticks out sideways' }).toEqual([]);
    await screenshot(phone.page, 'daily-reports-2-phone');
    await phone.context.close();
  });
});
