import type { EnterpriseDto } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { enterprisesOf, openCase } from './support/api';
import { launch, newPage, screenshot, signIn } from './support/browser';

const XSS = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;

/** Text a user typed is text: markup in a case title is shown, never run. */
describe('security: user text is never markup', () => {
  let browser: Browser;
  let page: Page;
  let caseId: string;
  let ledgerNo: string;

  beforeAll(async () => {
    browser = await launch();
    const enterprise = (await enterprisesOf('zhidao'))[0] as EnterpriseDto;
    const c = await openCase('zhidao', enterprise.id, {
      title: XSS,
      description: `${XSS}\n描述里也有 <b>标签</b>`,
    });
    caseId = c.id;
    ledgerNo = c.ledgerNo;
    ({ page } = await newPage(browser));
    await signIn(page, 'zhidao', 'demo1234');
  });
  afterAll(() => browser?.close());

  async function expectInert(): Promise<void> {
    await expect(
      page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
    ).resolves.toBeUndefined();
    await expect(page.locator('main img').count()).resolves.toBe(0);
    await expect(page.locator('main script').count()).resolves.toBe(0);
  }

  it('shows the title as text in the ledger', async () => {
    await page.goto(`/cases?q=${encodeURIComponent(ledgerNo)}`);
    const row = page.locator(`[data-testid="ledger-row"][data-ledger-no="${ledgerNo}"]`);
    await row.waitFor();
    await expect(row.getByTestId('row-title').textContent()).resolves.toBe(XSS);
    // an <img src=x> would have been requested and failed by now: its onerror would have run
    await page.waitForLoadState('networkidle');
    await expectInert();
    await screenshot(page, 'security-1-ledger');
  });

  it('shows title and description as text on the detail page', async () => {
    await page.goto(`/cases/${caseId}`);
    await page.locator('.case-title').waitFor();
    await expect(page.locator('.case-title').textContent()).resolves.toBe(XSS);
    await expect(page.locator('.facts ~ .text').first().textContent()).resolves.toContain('<b>标签</b>');
    await page.waitForLoadState('networkidle');
    await expectInert();
    await screenshot(page, 'security-2-detail');
  });
});
