import type { CalendarDayDto, WorkCalendarDto } from '@taizhang/contracts';
import { Browser, Locator, Page } from 'playwright-core';
import { call } from './support/api';
import { launch, newPage, screenshot, signIn } from './support/browser';
import { ADMIN_PASSWORD } from './support/system';

/** The first date from `start` on whose weekday is in `weekdays` (0 Sunday … 6 Saturday) and not taken. */
function firstDate(start: string, weekdays: number[], taken: Set<string>): string {
  const d = new Date(`${start}T00:00:00Z`);
  for (let i = 0; i < 400; i++, d.setUTCDate(d.getUTCDate() + 1)) {
    const s = d.toISOString().slice(0, 10);
    if (weekdays.includes(d.getUTCDay()) && !taken.has(s)) return s;
  }
  throw new Error('no free date');
}

/**
 * The admin edits the working-time calendar: adds a holiday, saves, sees it after a reload; a holiday on a
 * Saturday is refused by the API and the message shows under its row. The original calendar is put back.
 * Then the failed-jobs page and the queue dashboard link.
 */
describe('admin: calendar, failed jobs, queue dashboard', () => {
  let browser: Browser;
  let page: Page;
  let original: CalendarDayDto[];

  beforeAll(async () => {
    browser = await launch();
    original = (await call<WorkCalendarDto>('admin', 'GET', '/calendar')).days;
    ({ page } = await newPage(browser));
    await signIn(page, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    // leave the calendar as we found it, whatever happened above
    await call<WorkCalendarDto>('admin', 'PUT', '/calendar', { days: original });
    await browser?.close();
  });

  it('adds a holiday, saves it, and sees it after a reload', async () => {
    const taken = new Set(original.map((d) => d.date));
    const holiday = firstDate('2031-06-16', [1, 2, 3, 4, 5], taken);
    await page.getByTestId('nav-calendar').click();
    await page.waitForURL(/\/admin\/calendar$/);
    await expect(page.getByTestId('page-title').textContent()).resolves.toBe('工作日历');
    await page.getByTestId('calendar-row').or(page.getByTestId('state-empty')).first().waitFor();
    await expect(page.getByTestId('calendar-row').count()).resolves.toBe(original.length);
    await screenshot(page, 'calendar-1-list');

    await page.getByTestId('calendar-add').click();
    const row = page.getByTestId('calendar-row').last();
    await fillDate(page, row, holiday);
    await expect(row.getByTestId('calendar-kind').inputValue()).resolves.toBe('holiday'); // guessed from the weekday
    await row.getByTestId('calendar-name').fill('端到端测试假日');
    await page.getByTestId('calendar-save').click();
    // saved: the API has it (polled; the snack bar that says so may already be gone)
    let saved = await call<WorkCalendarDto>('admin', 'GET', '/calendar');
    for (let i = 0; i < 40 && !saved.days.some((d) => d.date === holiday); i++) {
      await page.waitForTimeout(250);
      saved = await call<WorkCalendarDto>('admin', 'GET', '/calendar');
    }
    expect(saved.days).toContainEqual({ date: holiday, kind: 'holiday', name: '端到端测试假日' });

    await page.reload();
    const again = page.locator(`[data-testid="calendar-row"][data-date="${holiday}"]`);
    await again.waitFor();
    await expect(again.getByTestId('calendar-name').inputValue()).resolves.toBe('端到端测试假日');
    await expect(again.getByTestId('calendar-kind').inputValue()).resolves.toBe('holiday');
    await again.scrollIntoViewIfNeeded();
    await screenshot(page, 'calendar-2-saved');
  });

  it('failed jobs: the list (or "none"), and the queue dashboard opens in a new tab signed in', async () => {
    await page.getByTestId('nav-failed-jobs').click();
    await page.waitForURL(/\/admin\/jobs$/);
    await page.getByTestId('job-row').or(page.getByTestId('state-empty')).first().waitFor();
    const listed = await call<{ total: number }>('admin', 'GET', '/admin/jobs?state=failed');
    await expect(page.getByTestId('job-row').count()).resolves.toBe(Math.min(listed.total, 50));
    await screenshot(page, 'jobs-1-failed');

    const href = await page.getByTestId('nav-queue-board').getAttribute('href');
    expect(href).toMatch(/^\/api\/admin\/queues\?token=/);
    const [board] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('nav-queue-board').click()]);
    await board.waitForURL((url) => url.pathname.startsWith('/api/admin/queues') && !url.search.includes('token='));
    await board.waitForLoadState();
    // signed in by the cookie the API set on the redirect: a reload (no token in the address) still answers 200
    const again = await board.reload();
    expect(again?.status()).toBe(200);
    expect(new URL(board.url()).search).not.toContain('token=');
    await screenshot(board, 'jobs-2-queue-board');
    await board.close();
  });
});

/** Type a date into a new row; the app has taken it when the row carries it (a fill racing the row's first render is retried). */
async function fillDate(page: Page, row: Locator, date: string): Promise<void> {
  const dated = page.locator(`[data-testid="calendar-row"][data-date="${date}"]`);
  for (let i = 0; i < 3 && !(await dated.count()); i++) {
    await row.getByTestId('calendar-date').fill(date);
    await row.getByTestId('calendar-date').press('Tab');
    await dated.waitFor({ timeout: 2000 }).catch(() => undefined);
  }
  await dated.waitFor();
}
