import type { CaseDto, NotificationDto, Page as ListPage } from '@taizhang/contracts';
import { eventually } from '@taizhang/testing';
import { Browser, Page } from 'playwright-core';
import { act, call, enterprisesOf, login, openCase, settled, tag } from './support/api';
import { horizontalOverflow, launch, newPage, screenshot, signIn } from './support/browser';
import { attr, poll, text, texts } from './support/poll';

/** What the bell's badge says for `n` unread (nothing at 0, `99+` above 99). */
const badge = (n: number) => (n > 99 ? '99+' : String(n));

async function unreadOf(username: string): Promise<number> {
  return (await call<ListPage<NotificationDto>>(username, 'GET', '/notifications?unread=true&pageSize=1'))
    .total;
}

/**
 * Notifications: the service team (zhuanban) assigns a case to a colleague (zhuanban2) through the API;
 * she sees the bell's count, the notification in her list, and opening it shows the case and marks it read;
 * on a phone she marks all read. Then the time held per unit on a case that went from the town up to the county bureau.
 */
describe('notifications (zhuanban → zhuanban2)', () => {
  let browser: Browser;
  let page: Page;
  let assigned: CaseDto;
  let escalated: CaseDto;
  let notice: NotificationDto;

  beforeAll(async () => {
    browser = await launch();
    const enterprise = (await enterprisesOf('zhidao'))[0];
    const t = tag();
    const colleague = (await login('zhuanban2')).user;
    assigned = await openCase('zhidao', enterprise.id, {
      title: `[${t}] 复工防疫物资短缺，需协调口罩 2000 只`,
      categoryCode: 'supplies',
    });
    await settled('zhuanban', assigned.id);
    assigned = await act('zhuanban', assigned.id, 'assign', { assigneeId: colleague.id });
    escalated = await openCase('zhidao', enterprise.id, {
      title: `[${t}] 外省返岗员工 40 人需包车接回`,
      categoryCode: 'labor',
    });
    await settled('zhuanban', escalated.id);
    escalated = await act('zhuanban', escalated.id, 'escalate', { reason: '跨省包车需县人社局协调' });
    // the worker sends the assignment notification (outbox → queue → notification row)
    notice = await eventually(
      `zhuanban2's notification of ${assigned.ledgerNo}`,
      async () =>
        (await call<ListPage<NotificationDto>>('zhuanban2', 'GET', '/notifications?pageSize=50')).items.find(
          (n) => n.caseId === assigned.id && n.kind === 'assigned',
        ),
      60_000,
      250,
    );
  });
  afterAll(() => browser?.close());

  it('the bell shows the unread count; opening her notification shows the case and marks it read', async () => {
    ({ page } = await newPage(browser));
    await signIn(page, 'zhuanban2', 'demo1234');
    const count = page.getByTestId('notification-count');
    await count.waitFor();
    // the badge says what the API says (re-read until they agree: a demo case's deadline may pass meanwhile,
    // and the bell asks again only every 30 s)
    const unread = await eventually(
      'the bell to show the unread count the API gives',
      async () => {
        const n = await unreadOf('zhuanban2');
        return (await text(count)).trim() === badge(n) && n;
      },
      45_000,
      500,
    );
    expect(unread).toBeGreaterThan(0);
    await poll(() => attr(page.getByTestId('notification-bell'), 'aria-label')).toContain(String(unread));
    await screenshot(page, 'notifications-1-bell');

    await page.getByTestId('notification-bell').click();
    await page.waitForURL(/\/notifications$/);
    // her notice of the assignment (the town's coordinators also heard of the new case: an `opened` notice)
    const item = page
      .locator('[data-testid="notification-item"][data-kind="assigned"]')
      .filter({ hasText: assigned.ledgerNo });
    await item.waitFor();
    await poll(() => attr(item, 'data-kind')).toBe('assigned');
    await poll(() => attr(item, 'data-read')).toBe('false');
    await poll(() => text(item)).toContain(assigned.ledgerNo);
    await poll(() => text(item.getByTestId('notification-title'))).toBe(notice.title);
    await screenshot(page, 'notifications-2-list');

    await item.click();
    await page.waitForURL(new RegExp(`/cases/${assigned.id}$`));
    await poll(() => text(page.getByTestId('case-ledger-no'))).toContain(assigned.ledgerNo);
    const read = (
      await call<ListPage<NotificationDto>>('zhuanban2', 'GET', '/notifications?pageSize=50')
    ).items.find((n) => n.id === notice.id);
    expect(read?.readAt).toEqual(expect.any(String));
    // the badge drops by one at once (no wait for the 30 s poll)
    if (unread > 1) {
      await page.waitForFunction(
        (want) => document.querySelector('[data-testid="notification-count"]')?.textContent?.trim() === want,
        badge(unread - 1),
      );
    } else {
      await count.waitFor({ state: 'detached' });
    }
  });

  it('on a phone (375 px): marks all read; the badge goes and every item shows read', async () => {
    const phone = await newPage(browser, { width: 375, height: 740 });
    await signIn(phone.page, 'zhuanban2', 'demo1234');
    await phone.page.getByTestId('notification-count').waitFor();
    await phone.page.getByTestId('notification-bell').click();
    await phone.page.waitForURL(/\/notifications$/);
    await phone.page.getByTestId('notification-item').first().waitFor();
    await poll(() =>
      phone.page.locator('[data-testid="notification-item"][data-read="false"]').count(),
    ).toBeGreaterThan(0);
    await poll(() => horizontalOverflow(phone.page), { what: 'what sticks out sideways' }).toEqual([]);
    await screenshot(phone.page, 'notifications-3-phone-unread');

    const clickedAt = Date.now();
    await phone.page.getByTestId('notifications-read-all').click();
    await phone.page.getByTestId('notification-count').waitFor({ state: 'detached' });
    // the list reloads: every item on it read, and the button has nothing left to do
    await phone.page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="notification-item"]').length > 0 &&
        document.querySelectorAll('[data-testid="notification-item"][data-read="false"]').length === 0,
    );
    await poll(() => phone.page.getByTestId('notifications-read-all').isDisabled({ timeout: 2_000 })).toBe(
      true,
    );
    // every notification she had when she clicked is read (one a deadline sends after that may not be)
    const all = (await call<ListPage<NotificationDto>>('zhuanban2', 'GET', '/notifications?pageSize=100'))
      .items;
    expect(all.filter((n) => Date.parse(n.createdAt) <= clickedAt && !n.readAt)).toEqual([]);
    await poll(() => horizontalOverflow(phone.page), { what: 'what sticks out sideways' }).toEqual([]);
    await screenshot(phone.page, 'notifications-4-phone-all-read');
    await phone.context.close();
  });

  it('the case detail shows the time held per unit: the town, then the county bureau holding it', async () => {
    ({ page } = await newPage(browser));
    await signIn(page, 'zhuanban', 'demo1234');
    await page.goto(`/cases/${escalated.id}`);
    const table = page.getByTestId('hops-table');
    await table.waitFor();
    await poll(() => texts(page.getByTestId('hop-unit'))).toEqual(['郭店镇', '新郑市人力资源和社会保障局']);
    const rows = page.getByTestId('hop-row');
    await poll(() => text(rows.nth(1))).toContain('办理中');
    expect(await text(rows.nth(0))).not.toContain('办理中');
    await poll(() => text(page.getByTestId('hop-held').first())).toMatch(/小时/);
    await poll(() => page.locator('h3', { hasText: '各单位办理用时' }).count()).toBe(1);
    await table.scrollIntoViewIfNeeded();
    await screenshot(page, 'hops-1-case-detail');
  });
});
