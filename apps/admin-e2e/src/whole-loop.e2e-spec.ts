import type {
  CaseDto,
  DashboardSummary,
  EnterpriseDto,
  NotificationDto,
  Page as ListPage,
} from '@taizhang/contracts';
import { eventually } from '@taizhang/testing';
import { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { call, enterprisesOf, getCase, settled, tag } from './support/api';
import { horizontalOverflow, launch, newPage, screenshot, signIn, textOf } from './support/browser';
import { digits, literal, poll, text } from './support/poll';
import { ADMIN, DEMO_PASSWORD } from './support/system';

const PHONE = { width: 375, height: 812 };

/**
 * The whole loop (issue 13): the instructor opens a case on his phone with a photo from the camera; the
 * town's coordinator escalates it to the county labor bureau; the bureau's officer accepts and resolves it;
 * the instructor is told (已办结，请确认销号) and hands the enterprise a one-time confirmation link; the
 * enterprise's contact, on her own phone and without an account, accepts with 4 stars; the case is closed
 * and the county leader's dashboard counts it as closed and rated.
 */
describe('the whole loop: instructor → coordinator → bureau → enterprise → dashboard', () => {
  let browser: Browser;
  let enterprise: EnterpriseDto;
  let c: CaseDto;
  const title = `[${tag()}] 返岗员工不足，急需招聘熟练焊工 20 名`;

  /**
   * The leader's dashboard: the summary its page asked for (the page's own range of days), and the same
   * summary asked of the API directly (what the figures on the page must show).
   */
  async function dashboard(page: Page): Promise<{ query: string; api: DashboardSummary }> {
    const asked = page.waitForResponse(
      (res) => /\/api\/dashboard\/summary(\?|$)/.test(res.url()) && res.request().method() === 'GET',
    );
    await page.goto('/dashboard');
    const res = await asked;
    expect(res.ok()).toBe(true);
    const query = new URL(res.url()).search;
    await page.getByTestId('dashboard-solved').waitFor();
    return { query, api: await call<DashboardSummary>('lingdao', 'GET', `/dashboard/summary${query}`) };
  }

  let leader: Page;
  let before: DashboardSummary;
  let beforeQuery: string;
  let beforeAllTime: DashboardSummary;

  beforeAll(async () => {
    browser = await launch();
    enterprise = (await enterprisesOf('zhidao'))[0];
    expect(enterprise).toBeDefined();
    ({ page: leader } = await newPage(browser));
    await signIn(leader, 'lingdao', DEMO_PASSWORD);
    ({ query: beforeQuery, api: before } = await dashboard(leader));
    beforeAllTime = await call<DashboardSummary>('lingdao', 'GET', '/dashboard/summary');
  });
  afterAll(() => browser?.close());

  it('the instructor opens the case on his phone, with a photo from the camera', async () => {
    const { page } = await newPage(browser, PHONE);
    await signIn(page, 'zhidao', DEMO_PASSWORD);
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#7f8c8d' } })
      .jpeg({ quality: 80 })
      .toBuffer();
    await page.goto('/cases/new');
    await page.getByTestId('case-enterprise').fill(enterprise.name.slice(2, 6));
    await page.getByTestId('enterprise-option').filter({ hasText: enterprise.name }).click();
    await page.getByTestId('category-chip-labor').click();
    await page.getByTestId('case-title').fill(title);
    await page.getByTestId('case-description').fill('订单恢复后焊工缺口 20 人，本地招聘无果，见车间照片。');
    await page.getByTestId('attachment-camera').setInputFiles({
      name: '车间照片.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    await page.getByTestId('attachment-chosen').getByText('车间照片.jpg').waitFor();
    await page.getByTestId('case-submit').click();

    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() as string;
    // the thumbnail the API made of the photo has loaded
    await page.getByTestId('attachment-thumb').locator('img').waitFor();
    await page.waitForFunction(
      () =>
        (document.querySelector<HTMLImageElement>('[data-testid="attachment-thumb"] img')?.naturalWidth ??
          0) > 0,
    );
    await poll(() => horizontalOverflow(page), { what: 'what sticks out sideways' }).toEqual([]);
    await screenshot(page, 'whole-loop-1-opened-with-photo');
    c = await getCase('zhidao', id);
    expect(c).toMatchObject({ title, status: 'open', level: 0, enterpriseId: enterprise.id });
    await page.context().close();
  });

  it('the town’s coordinator escalates it to the county labor bureau', async () => {
    await settled('zhuanban', c.id);
    const { page } = await newPage(browser);
    await signIn(page, 'zhuanban', DEMO_PASSWORD);
    await page.goto(`/cases/${c.id}`);
    await page.getByTestId('action-escalate').click();
    await page.getByTestId('dialog-reason').fill('本镇无法协调熟练焊工，提请市人社局组织专场招聘。');
    await page.getByTestId('dialog-confirm').click();
    await page.locator('tz-status-badge[data-status="escalated"]').waitFor();
    await poll(() => text(page.locator('.facts'))).toContain('新郑市人力资源和社会保障局');
    await screenshot(page, 'whole-loop-2-escalated');
    expect(await getCase('zhuanban', c.id)).toMatchObject({ status: 'escalated', level: 1 });
    await page.context().close();
  });

  it('the bureau’s officer accepts and resolves it', async () => {
    await settled('renshe', c.id);
    const { page } = await newPage(browser);
    await signIn(page, 'renshe', DEMO_PASSWORD);
    await page.goto(`/cases/${c.id}`);
    await page.getByTestId('action-accept').click();
    await page.getByTestId('dialog-confirm').click();
    await page.locator('tz-status-badge[data-status="in_progress"]').waitFor();
    await page.getByTestId('action-resolve').click();
    await page
      .getByTestId('dialog-resolution')
      .fill('已在县人力资源市场组织焊工专场招聘，企业招到熟练焊工 22 名。');
    await page.getByTestId('dialog-confirm').click();
    await page.locator('tz-status-badge[data-status="resolved"]').waitFor();
    await screenshot(page, 'whole-loop-3-resolved');
    expect(await getCase('renshe', c.id)).toMatchObject({ status: 'resolved', level: 1 });
    await page.context().close();
  });

  it('the instructor is told, and the enterprise confirms through the link with 4 stars', async () => {
    // the worker delivers the notification (outbox → queue → notification row)
    await eventually(
      'the instructor’s notification that the case is resolved',
      async () =>
        (await call<ListPage<NotificationDto>>('zhidao', 'GET', '/notifications?pageSize=50')).items.find(
          (n) => n.caseId === c.id && n.kind === 'resolved',
        ),
      60_000,
      250,
    );
    const { page } = await newPage(browser, PHONE);
    await signIn(page, 'zhidao', DEMO_PASSWORD);
    await page.goto('/notifications');
    const item = page
      .locator('[data-testid="notification-item"][data-kind="resolved"]')
      .filter({ hasText: c.ledgerNo });
    await item.waitFor();
    await poll(() => text(item)).toContain('已办结，请确认销号');
    await poll(() => horizontalOverflow(page), { what: 'what sticks out sideways' }).toEqual([]);
    await screenshot(page, 'whole-loop-4-notified');

    // opening it shows the case, where he makes the enterprise's link
    await item.click();
    await page.waitForURL(new RegExp(`/cases/${c.id}$`));
    await page.locator('tz-status-badge[data-status="resolved"]').waitFor();
    await page.getByTestId('confirmation-link-generate').click();
    await page.getByTestId('confirmation-link-qr').waitFor();
    const url = await poll(() => textOf(page, 'confirmation-link-url')).toMatch(
      new RegExp(`^${literal(ADMIN)}/confirm/\\S+$`),
    );
    await screenshot(page, 'whole-loop-5-link');

    // the enterprise's contact: a phone-sized browser of her own, never signed in
    const contact = await newPage(browser, PHONE);
    await contact.page.goto(url);
    await contact.page.getByTestId('confirm-title').waitFor();
    await poll(() => textOf(contact.page, 'confirm-resolution')).toContain('熟练焊工 22 名');
    await contact.page.getByTestId('confirm-accept').click();
    await contact.page.getByTestId('confirm-rating-4').click();
    await contact.page.getByTestId('confirm-submit').click();
    await contact.page.getByTestId('confirm-done').waitFor();
    await poll(() => horizontalOverflow(contact.page), { what: 'what sticks out sideways' }).toEqual([]);
    await screenshot(contact.page, 'whole-loop-6-enterprise-confirmed');
    await contact.context.close();

    // the case is closed (已销号), rated 4 by the enterprise itself
    await page.reload();
    const badge = page.locator('tz-status-badge[data-status="closed"]');
    await badge.waitFor();
    await poll(() => text(badge)).toContain('已销号');
    await poll(() => textOf(page, 'case-rating')).toContain('企业自行确认');
    await screenshot(page, 'whole-loop-7-closed');
    expect(await getCase('zhidao', c.id)).toMatchObject({
      status: 'closed',
      rating: 4,
      confirmedBy: 'enterprise',
    });
    await page.context().close();
  }, 150_000); // the worker's notification may take up to a minute, then two phones

  it('the county leader’s dashboard counts it: one more closed, one more rated', async () => {
    const { query, api: shown } = await dashboard(leader);
    // the same range of days as before (the page's default range moves on at midnight in Shanghai)
    const after = await call<DashboardSummary>('lingdao', 'GET', `/dashboard/summary${beforeQuery}`);
    const allTime = await call<DashboardSummary>('lingdao', 'GET', '/dashboard/summary');
    // all time: one more case, solved and closed (nothing else in the demo world closes a case meanwhile)
    expect(allTime.total).toBe(beforeAllTime.total + 1);
    expect(allTime.solved).toBe(beforeAllTime.solved + 1);
    expect(allTime.byStatus.closed).toBe(beforeAllTime.byStatus.closed + 1);
    // the page's range of days (the last 30, today's case among them): received, closed and rated once more
    expect(beforeQuery).toMatch(/from=\d{4}-\d{2}-\d{2}/);
    expect(after.period.received).toBe(before.period.received + 1);
    expect(after.period.closed).toBe(before.period.closed + 1);
    expect(after.period.rated).toBe(before.period.rated + 1);
    const satisfied = Math.round((before.rates.satisfaction ?? 0) * before.period.rated) + 1;
    expect(after.rates.satisfaction).toBeCloseTo(satisfied / (before.period.rated + 1), 3);

    // the figures on the page are the API's
    const number = async (id: string) => digits(await textOf(leader, id));
    expect(query).toMatch(/from=\d{4}-\d{2}-\d{2}/);
    expect(shown.byStatus.closed).toBe(allTime.byStatus.closed);
    await poll(() => number('dashboard-solved')).toBe(shown.solved);
    await poll(() => textOf(leader, 'dashboard-solved-breakdown')).toContain(
      `已销号 ${shown.byStatus.closed}`,
    );
    await poll(() => textOf(leader, 'dashboard-rate-satisfaction')).toContain(
      `（${shown.period.rated} 件已评价）`,
    );
    await screenshot(leader, 'whole-loop-8-dashboard');
  });
});
