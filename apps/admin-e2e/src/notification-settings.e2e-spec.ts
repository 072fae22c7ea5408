import type {
  CaseDto,
  NotificationDto,
  NotificationPreferencesDto,
  Page as ListPage,
} from '@taizhang/contracts';
import { eventually } from '@taizhang/testing';
import { Browser } from 'playwright-core';
import { act, call, enterprisesOf, login, openCase, settled, tag } from './support/api';
import { horizontalOverflow, launch, newPage, screenshot, signIn } from './support/browser';
import { poll, text, value } from './support/poll';
import { ADMIN_PASSWORD, DEMO_PASSWORD } from './support/system';

/**
 * Notifications for every step and the channels beyond the app (issue 13): the instructor who opened a case
 * hears when the town resolves it (请确认销号), chooses on his phone which channels bring what and leaves his
 * e-mail; the admin has the list of failed deliveries.
 */
describe('notification channels (zhidao, admin)', () => {
  let browser: Browser;
  let resolved: CaseDto;

  beforeAll(async () => {
    browser = await launch();
    const enterprise = (await enterprisesOf('zhidao'))[0];
    const colleague = (await login('zhuanban2')).user;
    resolved = await openCase('zhidao', enterprise.id, {
      title: `[${tag()}] 用工缺口 15 人`,
      categoryCode: 'labor',
    });
    await settled('zhuanban', resolved.id);
    await act('zhuanban', resolved.id, 'assign', { assigneeId: colleague.id });
    resolved = await act('zhuanban2', resolved.id, 'resolve', { resolution: '已对接人力资源市场，招聘到位' });
  });
  afterAll(() => browser?.close());

  it('tells the instructor that the case is resolved and asks for 销号', async () => {
    const notice = await eventually(
      'the resolved notification',
      async () =>
        (await call<ListPage<NotificationDto>>('zhidao', 'GET', '/notifications?pageSize=50')).items.find(
          (n) => n.caseId === resolved.id && n.kind === 'resolved',
        ),
      30_000,
      250,
    );
    expect(notice.title).toContain('已办结，请确认销号');
    const { page } = await newPage(browser, { width: 375, height: 740 });
    await signIn(page, 'zhidao', DEMO_PASSWORD);
    await page.goto('/notifications');
    const item = page
      .locator('[data-testid="notification-item"][data-kind="resolved"]')
      .filter({ hasText: resolved.ledgerNo });
    await item.waitFor();
    await poll(() => text(item)).toContain('已办结，请确认销号');
    await screenshot(page, 'notification-channels-1-resolved');
  });

  it('lets him choose the channels and leave his e-mail, on a phone', async () => {
    const { page } = await newPage(browser, { width: 375, height: 740 });
    await signIn(page, 'zhidao', DEMO_PASSWORD);
    await page.goto('/notifications');
    await page.getByTestId('notifications-settings').click();
    await page.waitForURL(/\/notifications\/settings$/);
    await page.getByTestId('prefs-grid').waitFor();
    await page.getByTestId('prefs-email').fill('zhidao@example.com');
    const openedSms = page.locator('[data-testid="pref-opened-sms"] input');
    const resolvedEmail = page.locator('[data-testid="pref-resolved-email"] input');
    await openedSms.check();
    await resolvedEmail.uncheck();
    // What the form will send is what the boxes show when he presses 保存.
    await poll(() => openedSms.isChecked({ timeout: 2_000 })).toBe(true);
    await poll(() => resolvedEmail.isChecked({ timeout: 2_000 })).toBe(false);
    await poll(() => value(page.getByTestId('prefs-email'))).toBe('zhidao@example.com');
    const put = page.waitForResponse(
      (r) => r.url().endsWith('/api/notifications/preferences') && r.request().method() === 'PUT',
    );
    await page.getByTestId('prefs-save').click();
    expect((await put).status()).toBe(200);
    const saved = await eventually(
      'the saved preferences',
      async () => {
        const p = await call<NotificationPreferencesDto>('zhidao', 'GET', '/notifications/preferences');
        return p.email === 'zhidao@example.com' && p;
      },
      15_000,
      250,
    );
    const on = (kind: string, channel: string) =>
      saved.items.find((i) => i.kind === kind && i.channel === channel)?.enabled;
    expect(on('opened', 'sms')).toBe(true);
    expect(on('resolved', 'email')).toBe(false);
    expect(on('resolved', 'in_app')).toBe(true);
    await poll(() => horizontalOverflow(page), { what: 'what sticks out sideways' }).toEqual([]);
    await screenshot(page, 'notification-channels-2-settings');
  });

  it('shows the admin the failed deliveries', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('nav-deliveries').click();
    await page.waitForURL(/\/admin\/deliveries$/);
    await poll(() => text(page.getByTestId('page-title'))).toContain('发送失败的通知');
    await screenshot(page, 'notification-channels-3-failed');
  });
});
