import type { DashboardSummary, EnterpriseDto, Page as ListPage, VisitDto } from '@taizhang/contracts';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { call, enterprisesOf, login, tag } from './support/api';
import { horizontalOverflow, launch, newPage, screenshot, signIn, textOf } from './support/browser';
import { digits, poll } from './support/poll';
import { API } from './support/system';

const PHONE = { width: 375, height: 812 };
const number = async (page: Page, id: string) => digits(await textOf(page, id));

/**
 * 走访 and 复工复产: the instructor records a visit on his phone (the enterprise's figures move, the visit
 * shows in its history); the town's leader reads the resumption panel, which shows what the API reports.
 */
describe('visits and resumption', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it('an instructor records a visit on a phone, and it moves the enterprise to full capacity', async () => {
    const { page } = await newPage(browser, PHONE);
    await signIn(page, 'zhidao', 'demo1234');
    const mine = await enterprisesOf('zhidao');
    const enterprise = mine.find((e) => e.resumption !== 'full_capacity') ?? mine[0];
    const note = `[${tag()}] 企业已满负荷生产，员工全部返岗`;

    await page.goto('/enterprises');
    await page.getByTestId('enterprise-link').filter({ hasText: enterprise.name }).click();
    await page.waitForURL(new RegExp(`/enterprises/${enterprise.id}$`));
    await poll(() => textOf(page, 'page-title')).toBe(enterprise.name);
    await page.getByTestId('visit-record').click();
    await page.getByTestId('visit-note').fill(note);
    await page.getByTestId('visit-resumption').click();
    await page.getByTestId('visit-resumption-full_capacity').click();
    await page.getByTestId('visit-returned').fill(String(enterprise.headcount));
    await page.getByTestId('visit-problems').fill('0');
    await poll(() => horizontalOverflow(page), { what: 'what sticks out sideways' }).toEqual([]);
    await screenshot(page, 'visits-1-form-phone');
    await page.getByTestId('visit-save').click();

    // the history shows the visit, the page the enterprise's new figures
    await page.getByTestId('visit-row').filter({ hasText: note }).waitFor();
    await page.getByTestId('enterprise-resumption').filter({ hasText: '已达产' }).waitFor();
    await poll(() => horizontalOverflow(page), { what: 'what sticks out sideways' }).toEqual([]);
    await screenshot(page, 'visits-2-history-phone');

    const visits = await call<ListPage<VisitDto>>('zhidao', 'GET', `/enterprises/${enterprise.id}/visits`);
    expect(visits.items[0]).toMatchObject({
      note,
      resumption: 'full_capacity',
      returnedHeadcount: enterprise.headcount,
    });
    const after = await call<EnterpriseDto>('zhidao', 'GET', `/enterprises/${enterprise.id}`);
    expect(after).toMatchObject({ resumption: 'full_capacity', returnedHeadcount: enterprise.headcount });
  });

  it("the town leader's resumption panel shows the numbers the API reports (郭店镇: 83 above size, 828 below)", async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'zhenzhang', 'demo1234');
    await page.waitForURL(/\/dashboard$/);
    await page.getByTestId('resumption-panel').waitFor();
    const { resumption } = await call<DashboardSummary>('zhenzhang', 'GET', '/dashboard/summary');
    expect(resumption).toMatchObject({ above: 83, below: 828, enterprises: 911 });
    await poll(() => number(page, 'resumption-enterprises')).toBe(resumption.enterprises);
    await poll(() => number(page, 'resumption-above')).toBe(resumption.above);
    await poll(() => number(page, 'resumption-below')).toBe(resumption.below);
    for (const s of ['not_resumed', 'resumed', 'full_capacity'] as const) {
      await poll(() => number(page, `resumption-${s}`)).toBe(resumption.byStatus[s]);
    }
    await poll(() => number(page, 'resumption-staff')).toBe(
      Number(`${resumption.returnedHeadcount}${resumption.headcount}`),
    );
    // the trend rose over the last weeks (the demo's visits moved enterprises to resumed)
    const trend = resumption.trend;
    expect((trend[trend.length - 1] as { resumed: number }).resumed).toBeGreaterThan(
      (trend[0] as { resumed: number }).resumed,
    );

    // and the visits panel: visited and never-visited enterprises
    await page.getByTestId('visits-panel').waitFor();
    const visits = await call<{ enterprises: number; neverVisited: number; visited30d: number }>(
      'zhenzhang',
      'GET',
      '/dashboard/visits',
    );
    await poll(() => number(page, 'visits-enterprises')).toBe(visits.enterprises);
    await poll(() => number(page, 'visits-never')).toBe(visits.neverVisited);
    expect(visits.neverVisited).toBeGreaterThan(0);
    expect(visits.visited30d).toBeGreaterThan(0);
    await page.getByTestId('resumption-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'visits-3-resumption-panel');

    // 走访台账: the panel's export downloads the same ledger the API exports (one row per visit)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('visits-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^走访台账.*\.xlsx$/);
    const rowsOf = async (bytes: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as never);
      const sheet = wb.worksheets[0];
      expect(sheet?.getRow(1).getCell(1).value).toBe('走访时间');
      return sheet?.getSheetValues().filter(Boolean).length ?? 0;
    };
    const fromApp = await rowsOf(readFileSync(await download.path()));
    const res = await fetch(`${API}/api/visits/export.xlsx`, {
      headers: { authorization: `Bearer ${(await login('zhenzhang')).token}` },
    });
    expect(res.status).toBe(200);
    const fromApi = await rowsOf(Buffer.from(await res.arrayBuffer()));
    expect(fromApp).toBe(fromApi);
    expect(fromApp).toBeGreaterThan(visits.visited30d); // a header and at least one visit per visited enterprise
  });
});
