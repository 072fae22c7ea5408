import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '@taizhang/testing';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { ADMIN, ARTIFACTS } from './system';

const CHROMIUM = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p) => p && existsSync(p),
);

/** Debian's Chromium, headless; no browser is downloaded. */
export async function launch(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export async function newPage(
  browser: Browser,
  viewport = { width: 1280, height: 860 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: ADMIN,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  // Transitions finished (a floating label caught mid-flight is not what a user sees).
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The page is no wider than the viewport (nothing sticks out sideways on a phone). */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1)
      out.push(`document ${document.documentElement.scrollWidth}px > ${width}px`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main *'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      // elements inside a horizontal scroller (the inbox tabs, wide tables) may scroll
      if (el.closest('.tz-table-wrap, .inbox')) continue;
      if (r.right > width + 1 || r.left < -1)
        out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}–${Math.round(r.right)}`);
    }
    return out.slice(0, 10);
  });
}

/** The element's visible text, whitespace collapsed. */
/**
 * Lets the page render what it has already decided: the app has no zone.js, so a click's signal writes are
 * drawn at the next animation frame or macrotask, whichever comes first — after Playwright's click has
 * returned. One frame and one macrotask later that render has run. (Data still on its way is another thing:
 * wait for it by its response or its element.)
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        // a frame or, should frames not come, 20 ms; then one more macrotask
        let done = false;
        const next = () => {
          if (done) return;
          done = true;
          setTimeout(resolve, 0);
        };
        requestAnimationFrame(next);
        setTimeout(next, 20);
      }),
  );
}

/** The text of the first element with this test id, once the page has rendered (whitespace collapsed). */
export async function textOf(page: Page, testId: string): Promise<string> {
  await settled(page);
  return ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Every CSS animation and transition on the page has finished (a drawer slid in, a dialog faded in). */
export async function animationsDone(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

/**
 * The canvases matching `selector` drew the same picture twice in a row, a quarter second apart: a chart's
 * entry animation (drawn frame by frame on the canvas, not a CSS animation) is over.
 */
export async function canvasesStill(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const w = window as unknown as { __tzCanvases?: string };
      const now = Array.from(document.querySelectorAll<HTMLCanvasElement>(sel))
        .map((c) => c.toDataURL())
        .join('|');
      const still = w.__tzCanvases === now;
      w.__tzCanvases = now;
      return still;
    },
    selector,
    { polling: 250 },
  );
}

/**
 * The ledger shows the list of its current filter: rows all overdue, or all in status `want` (or the
 * empty state); answers how many. After a filter changes, the previous list may still be on screen for a moment: its rows would
 * be counted if a test only waited for the first row.
 */
export async function ledgerShows(page: Page, want: 'overdue' | 'open' | 'escalated'): Promise<number> {
  const shown = () =>
    page
      .locator('[data-testid="ledger-row"]')
      .evaluateAll((rows) =>
        rows.map(
          (r) =>
            `${r.querySelector('tz-status-badge')?.getAttribute('data-status')}${r.querySelector('[data-testid="overdue-badge"]') ? '+overdue' : ''}`,
        ),
      );
  await page
    .waitForFunction((w) => {
      if (document.querySelector('[data-testid="state-empty"]')) return true;
      const rows = Array.from(document.querySelectorAll('[data-testid="ledger-row"]'));
      return (
        rows.length > 0 &&
        rows.every((r) =>
          w === 'overdue'
            ? !!r.querySelector('[data-testid="overdue-badge"]')
            : r.querySelector('tz-status-badge')?.getAttribute('data-status') === w,
        )
      );
    }, want)
    .catch(async (e: Error) => {
      throw new Error(
        `the ledger does not show only ${want} cases: ${(await shown()).join(', ')} (${e.message})`,
      );
    });
  return page.getByTestId('ledger-row').count();
}
