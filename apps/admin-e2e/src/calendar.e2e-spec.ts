import type { CalendarDayDto, WorkCalendarDto } from '@taizhang/contracts';
import { Browser, Locator, Page } from 'playwright-core';
import { eventually } from '@taizhang/testing';
import { call } from './support/api';
import { launch, newPage, screenshot, signIn } from './support/browser';
import { attr, poll, text, value } from './support/poll';
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
 * Saturday is refused by the API and the message shows under its row.
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
  afterAll(() => browser?.close());

  it('adds a holiday, saves it, and sees it after a reload', async () => {
    const taken = new Set(original.map((d) => d.date));
    const holiday = firstDate('2031-06-16', [1, 2, 3, 4, 5], taken);
    await page.getByTestId('nav-calendar').click();
    await page.waitForURL(/\/admin\/calendar$/);
    await poll(() => text(page.getByTestId('page-title'))).toBe('工作日历');
    await page.getByTestId('calendar-row').or(page.getByTestId('state-empty')).first().waitFor();
    await poll(() => page.getByTestId('calendar-row').count()).toBe(original.length);
    await screenshot(page, 'calendar-1-list');

    await page.getByTestId('calendar-add').click();
    // the new row is drawn on the next render: until then the last row is an existing day
    await poll(() => page.getByTestId('calendar-row').count()).toBe(original.length + 1);
    const row = page.getByTestId('calendar-row').last();
    await fillDate(page, row, holiday);
    await poll(() => value(row.getByTestId('calendar-kind'))).toBe('holiday'); // guessed from the weekday
    await row.getByTestId('calendar-name').fill('端到端测试假日');
    await page.getByTestId('calendar-save').click();
    // saved: the API has it (polled; the snack bar that says so may already be gone)
    const saved = await eventually(
      `the calendar with ${holiday}`,
      async () => {
        const days = (await call<WorkCalendarDto>('admin', 'GET', '/calendar')).days;
        return days.some((d) => d.date === holiday) && days;
      },
      30_000,
      250,
    );
    expect(saved).toContainEqual({ date: holiday, kind: 'holiday', name: '端到端测试假日' });

    await page.reload();
    const again = page.locator(`[data-testid="calendar-row"][data-date="${holiday}"]`);
    await again.waitFor();
    await poll(() => value(again.getByTestId('calendar-name'))).toBe('端到端测试假日');
    await poll(() => value(again.getByTestId('calendar-kind'))).toBe('holiday');
    await again.scrollIntoViewIfNeeded();
    await screenshot(page, 'calendar-2-saved');
  });

  it("shows the API's refusal under the row: a holiday on a Saturday", async () => {
    const before = (await call<WorkCalendarDto>('admin', 'GET', '/calendar')).days;
    const saturday = firstDate('2031-07-01', [6], new Set(before.map((d) => d.date)));
    await page.reload();
    await page.getByTestId('calendar-row').first().waitFor();
    await poll(() => page.getByTestId('calendar-row').count()).toBe(before.length);

    await page.getByTestId('calendar-add').click();
    await poll(() => page.getByTestId('calendar-row').count()).toBe(before.length + 1);
    await fillDate(page, page.getByTestId('calendar-row').last(), saturday);
    const row = page.locator(`[data-testid="calendar-row"][data-date="${saturday}"]`);
    // a weekend day in the list is most likely a make-up workday: that is the guess; make it a holiday
    await poll(() => value(row.getByTestId('calendar-kind'))).toBe('workday');
    await row.getByTestId('calendar-kind').selectOption('holiday');
    await row.getByTestId('calendar-name').fill('周六假日');
    await page.getByTestId('calendar-save').click();

    const error = row.getByTestId('calendar-row-error');
    await error.waitFor();
    await poll(() => text(error)).toContain('该日是周六或周日');
    await poll(() => page.getByTestId('calendar-row-error').count()).toBe(1);
    await poll(() => attr(row, 'class')).toContain('invalid');
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'calendar-3-refused');
    // nothing was saved
    await expect(call<WorkCalendarDto>('admin', 'GET', '/calendar').then((c) => c.days)).resolves.toEqual(
      before,
    );
  });

  it('failed jobs: the list (or "none"), and the queue dashboard opens in a new tab signed in', async () => {
    await page.getByTestId('nav-failed-jobs').click();
    await page.waitForURL(/\/admin\/jobs$/);
    await page.getByTestId('job-row').or(page.getByTestId('state-empty')).first().waitFor();
    const listed = await call<{ total: number }>('admin', 'GET', '/admin/jobs?state=failed');
    await poll(() => page.getByTestId('job-row').count()).toBe(Math.min(listed.total, 50));
    await screenshot(page, 'jobs-1-failed');

    await poll(() => attr(page.getByTestId('nav-queue-board'), 'href')).toMatch(
      /^\/api\/admin\/queues\?token=/,
    );
    const [board] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByTestId('nav-queue-board').click(),
    ]);
    await board.waitForURL(
      (url) => url.pathname.startsWith('/api/admin/queues') && !url.search.includes('token='),
    );
    await board.waitForLoadState();
    // signed in by the cookie the API set on the redirect: a reload (no token in the address) still answers 200
    const again = await board.reload();
    expect(again?.status()).toBe(200);
    expect(new URL(board.url()).search).not.toContain('token=');
    await screenshot(board, 'jobs-2-queue-board');
    await board.close();
  });
});

/**
 * Type a date into a new row; the app has taken it when the row carries it. A fill racing the row's first
 * render is lost, so it is typed again until the row has it (bounded by the test's own timeout, not by a
 * number of tries: a busy machine only makes this take longer).
 */
async function fillDate(page: Page, row: Locator, date: string): Promise<void> {
  const dated = page.locator(`[data-testid="calendar-row"][data-date="${date}"]`);
  while (!(await dated.count())) {
    await row.getByTestId('calendar-date').fill(date);
    await row.getByTestId('calendar-date').press('Tab');
    await dated.waitFor({ timeout: 2000 }).catch(() => undefined);
  }
}
