import type { DailyReportTodayDto, DashboardSummary, Scorecard } from '@taizhang/contracts';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { call, listCases } from './support/api';
import { launch, newPage, screenshot, signIn, textOf } from './support/browser';
import { digits, poll, text } from './support/poll';

/**
 * The county leader rates his towns and bureaus: rates on the dashboard, the 考核排名 sorted and exported,
 * today's 每日清零 drilled down to its cases, and a 督办单 printed on A4.
 */
describe('manager: rates, scorecard, daily report and printable sheets', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    ({ page } = await newPage(browser));
    await signIn(page, 'lingdao', 'demo1234');
  });
  afterAll(() => browser?.close());

  const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const thirtyDaysAgo = () =>
    new Date(Date.parse(`${today()}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  const number = async (id: string) => digits(await textOf(page, id));

  it('shows the rates of the period and the cancelled cases (total = 已办结 + 办理中 + 已撤销)', async () => {
    await page.goto('/dashboard');
    await page.getByTestId('dashboard-rates').waitFor();
    const s = await call<DashboardSummary>(
      'lingdao',
      'GET',
      `/dashboard/summary?from=${thirtyDaysAgo()}&to=${today()}`,
    );
    await poll(() => number('dashboard-cancelled')).toBe(s.cancelled);
    expect(s.solved + s.pending + s.cancelled).toBe(s.total);
    await poll(() => textOf(page, 'dashboard-solved')).toContain('已办结');
    const pct = (v: number | null) => (v === null ? '—' : `${(Math.round(v * 1000) / 10).toString()}%`);
    await poll(() => textOf(page, 'dashboard-rate-resolved')).toContain(pct(s.rates.resolved));
    await poll(() => textOf(page, 'dashboard-rate-satisfaction')).toContain('满意率');
    await screenshot(page, 'scorecard-1-rates');
  });

  it('sorts the scorecard and exports it to Excel', async () => {
    const card = await call<Scorecard>(
      'lingdao',
      'GET',
      `/dashboard/scorecard?from=${thirtyDaysAgo()}&to=${today()}`,
    );
    expect(card.items.length).toBeGreaterThan(1);
    expect(Math.max(...card.items.map((r) => r.received))).toBeGreaterThan(0); // the demo's cases of the last 30 days
    await page.getByTestId('scorecard-row').first().waitFor();
    await poll(() => page.getByTestId('scorecard-row').count()).toBe(card.items.length);
    // the table sorts on the next render after the click: the first row's figure, re-read until it is the one wanted
    const received = async () =>
      digits(await text(page.getByTestId('scorecard-row').first().locator('[data-col="received"]')));
    await page.getByTestId('scorecard-sort-received').click();
    await poll(received, { what: 'the first row, sorted by received (descending)' }).toBe(
      Math.max(...card.items.map((r) => r.received)),
    );
    await poll(() => page.locator('th[aria-sort="descending"]').count()).toBe(1);
    await page.getByTestId('scorecard-sort-received').click();
    await poll(received, { what: 'the first row, sorted by received (ascending)' }).toBe(
      Math.min(...card.items.map((r) => r.received)),
    );
    await poll(() => page.locator('th[aria-sort="ascending"]').count()).toBe(1);
    await screenshot(page, 'scorecard-2-table');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('scorecard-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^考核排名-.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await download.path()) as never);
    const sheet = wb.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).value).toBe('单位');
    expect(sheet?.rowCount).toBe(card.items.length + 1);
  });

  it("drills today's 每日清零 down to its cases", async () => {
    await page.goto('/daily-reports');
    await page.getByTestId('daily-today').waitFor();
    const unitId = new URL(page.url()).searchParams.get('unitId');
    const live = await call<DailyReportTodayDto>(
      'lingdao',
      'GET',
      `/daily-reports/today${unitId ? `?unitId=${unitId}` : ''}`,
    );
    await poll(() => number('daily-today-pending')).toBe(live.pending);
    await page.getByTestId('daily-today-pending').click();
    await page.getByTestId('daily-drill').waitFor();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="daily-drill-row"]').length === n,
      Math.min(live.pending, 1000),
    );
    await screenshot(page, 'scorecard-3-daily-drill');
  });

  it('prints a 督办单 on A4 with the ledger number, enterprise, deadlines and signature lines', async () => {
    const c = (await listCases('lingdao', { pageSize: 1 })).items[0];
    await page.goto(`/cases/${c.id}/print?sheet=duban`);
    await page.getByTestId('print-sheet').waitFor();
    await poll(() => textOf(page, 'print-ledger-no')).toBe(c.ledgerNo);
    await poll(() => textOf(page, 'print-enterprise')).toBe(c.enterprise.name);
    await poll(() => text(page.getByRole('heading', { level: 1 }))).toContain('督办单');
    await poll(() => textOf(page, 'print-signatures')).toContain('负责人签字');
    await poll(() => page.getByTestId('print-button').isVisible()).toBe(true); // on screen
    await page.emulateMedia({ media: 'print' });
    await poll(() => page.getByTestId('print-button').isVisible()).toBe(false); // the screen bar is not printed
    await screenshot(page, 'scorecard-4-duban-print');
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    // A4: 595 × 842 points
    const box = /MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)/.exec(pdf.toString('latin1'));
    expect([Math.round(Number(box?.[1])), Math.round(Number(box?.[2]))]).toEqual([595, 842]);
    await page.emulateMedia({ media: 'screen' });
  });
});
