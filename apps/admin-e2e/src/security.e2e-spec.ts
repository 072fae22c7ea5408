import { Browser, Page } from 'playwright-core';
import { enterprisesOf, openCase } from './support/api';
import { launch, newPage, screenshot, signIn } from './support/browser';
import { poll, text } from './support/poll';
import { ADMIN, ADMIN_PASSWORD, DEMO_PASSWORD } from './support/system';

const XSS = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;

/** Text a user typed is text: markup in a case title is shown, never run. */
describe('security: user text is never markup', () => {
  let browser: Browser;
  let page: Page;
  let caseId: string;
  let ledgerNo: string;

  beforeAll(async () => {
    browser = await launch();
    const enterprise = (await enterprisesOf('zhidao'))[0];
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
    await poll(() => text(row.getByTestId('row-title'))).toBe(XSS);
    // an <img src=x> would have been requested and failed by now: its onerror would have run
    await page.waitForLoadState('networkidle');
    await expectInert();
    await screenshot(page, 'security-1-ledger');
  });

  it('shows title and description as text on the detail page', async () => {
    await page.goto(`/cases/${caseId}`);
    await page.locator('.case-title').waitFor();
    await poll(() => text(page.locator('.case-title'))).toBe(XSS);
    await poll(() => text(page.locator('.facts ~ .text').first())).toContain('<b>标签</b>');
    await page.waitForLoadState('networkidle');
    await expectInert();
    await screenshot(page, 'security-2-detail');
  });
});

/** The admin server's strict CSP (scripts only from the app's own files) lets the whole app work. */
describe('security: the app under its Content-Security-Policy', () => {
  let browser: Browser;
  const violations: string[] = [];

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  async function watched(): Promise<Page> {
    const { context, page } = await newPage(browser);
    await context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content.Security.Policy|CSP violation/i.test(msg.text()))
        violations.push(`${page.url()}: ${msg.text()}`);
    });
    return page;
  }

  it('sends the CSP and frame protection with the app', async () => {
    const res = await fetch(`${ADMIN}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/\son[a-z]+=/); // no inline event handler (e.g. critical CSS's onload)
  });

  it('signs in and shows every page of the admin and of an instructor without a CSP violation', async () => {
    const page = await watched();
    await signIn(page, 'admin', ADMIN_PASSWORD);
    for (const path of [
      '/',
      '/dashboard',
      '/cases',
      '/enterprises',
      '/notifications',
      '/daily-reports',
      '/admin/units',
      '/admin/users',
      '/admin/categories',
      '/admin/routing-rules',
      '/admin/deadline-policies',
      '/admin/calendar',
      '/admin/jobs',
    ]) {
      await page.goto(path);
      await page.locator('main').waitFor();
      await page.waitForLoadState('networkidle');
    }
    // the styles applied (a stylesheet held back by the CSP would leave the page unstyled)
    await poll(() => page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
    // the queue board (served by the API, through the admin server)
    const token = await page.evaluate(
      () => Object.values(localStorage).find((v) => /^ey[\w-]+\.[\w-]+\.[\w-]+$/.test(v)) ?? '',
    );
    expect(token).not.toBe('');
    await page.goto(`/api/admin/queues?token=${encodeURIComponent(token)}`);
    await page.waitForLoadState('networkidle');
    // and the API's OpenAPI page, under the API's own CSP
    await page.goto('/api/docs');
    await page.locator('.swagger-ui .opblock').first().waitFor();
    const zhidao = await watched();
    await signIn(zhidao, 'zhidao', DEMO_PASSWORD);
    for (const path of ['/', '/cases', '/enterprises', '/notifications']) {
      await zhidao.goto(path);
      await zhidao.locator('main').waitFor();
      await zhidao.waitForLoadState('networkidle');
    }
    expect(violations).toEqual([]);
  }, 300_000); // 19 page loads, each until the network is idle: minutes on a busy machine (a run at load 47 on 2 cores took over 120 s)
});
