import { eventually } from '@taizhang/testing';
import { Browser } from 'playwright-core';
import { getCase } from './support/api';
import { launch, newPage, screenshot, signIn } from './support/browser';
import { attr, expectEventually, poll, text } from './support/poll';
import { ADMIN_PASSWORD, API } from './support/system';

/**
 * The thin path through every part: the admin signs in → opens a case for a demo enterprise in the admin
 * app → the API stores case, event and outbox row → the relay makes a delayed BullMQ job → the worker
 * appends `overdue` when it fires → the admin app shows both events in the timeline.
 */
describe('thin path', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it('opens a case in the admin app and sees the worker mark it overdue', async () => {
    // a town's first response due 3 seconds after opening, so the worker's job fires during the test
    const token = (
      (await (
        await fetch(`${API}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
        })
      ).json()) as { accessToken: string }
    ).accessToken;
    const put = await fetch(`${API}/api/deadline-policies`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        policies: [
          {
            level: 0,
            priority: 'normal',
            respondMinutes: 0.05,
            resolveMinutes: 600,
            workingTime: false,
            respondByEndOfDay: true,
          },
          {
            level: 0,
            priority: 'urgent',
            respondMinutes: 0.05,
            resolveMinutes: 600,
            workingTime: false,
            respondByEndOfDay: true,
          },
        ],
      }),
    });
    expect(put.status).toBe(200);

    const { page } = await newPage(browser);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('new-case').click();
    await page.getByTestId('case-enterprise').fill('郑州');
    await page.getByTestId('enterprise-option').first().click();
    await page.getByTestId('category-chip-labor').click();
    await page.getByTestId('case-title').fill('春节后返岗员工不足，急需焊工20名');
    await page.getByTestId('case-description').fill('订单已恢复，外地员工返岗率仅六成。');
    await screenshot(page, 'thin-path-1-new-case');
    await page.getByTestId('case-submit').click();

    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await poll(() => text(page.getByTestId('case-ledger-no'))).toMatch(/-\d{4}-\d{4}/);
    await poll(() => attr(page.getByTestId('case-status'), 'data-status')).toBe('open');
    await page.locator('[data-testid="timeline-event"][data-type="open"]').waitFor();

    // the worker's event arrives a few seconds later: wait for the case to carry it, then show it
    const caseId = new URL(page.url()).pathname.split('/').pop() as string;
    await eventually(
      `the worker's overdue mark on case ${caseId}`,
      async () => (await getCase('admin', caseId)).overdue,
      90_000,
      250,
    );
    await page.reload();
    await page.locator('[data-testid="timeline-event"][data-type="overdue"]').waitFor();
    await expectEventually(
      () =>
        page
          .locator('[data-testid="timeline-event"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-type'))),
      (types) => expect(types).toEqual(['open', 'overdue']),
      { what: 'the timeline' },
    );
    await screenshot(page, 'thin-path-2-overdue-in-timeline');
  });
});
