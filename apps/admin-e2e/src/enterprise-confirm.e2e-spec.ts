import type { EnterpriseDto } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { enterprisesOf, getCase, resolvedCase } from './support/api';
import { horizontalOverflow, launch, newPage, screenshot, signIn, textOf } from './support/browser';
import { literal, poll, text } from './support/poll';
import { ADMIN } from './support/system';

const PHONE = { width: 375, height: 812 };

/**
 * The enterprise confirms by itself (issue 13): the instructor, on his phone, makes a one-time link and shows
 * its QR code; the enterprise's contact opens it on her own phone, without an account, accepts with 4 stars,
 * and the case is closed. The link then says it was used; a tampered one says it is not valid.
 */
describe('enterprise confirmation link (phone)', () => {
  let browser: Browser;
  let instructor: Page;
  let contact: Page;
  let mine: EnterpriseDto[];

  beforeAll(async () => {
    browser = await launch();
    mine = await enterprisesOf('zhidao');
    expect(mine.length).toBeGreaterThan(0);
    ({ page: instructor } = await newPage(browser, PHONE));
    await signIn(instructor, 'zhidao', 'demo1234');
    // the enterprise's contact: a browser of her own, never signed in
    ({ page: contact } = await newPage(browser, PHONE));
  });
  afterAll(() => browser?.close());

  it('accepts with 4 stars through the link: the case is closed, recorded as the enterprise’s own answer', async () => {
    const c = await resolvedCase(mine[0].id, '银行贷款到期需办理续贷');

    await instructor.goto(`/cases/${c.id}`);
    await instructor.getByTestId('confirmation-link-generate').click();
    await instructor.getByTestId('confirmation-link-qr').waitFor();
    const url = await poll(() => textOf(instructor, 'confirmation-link-url')).toMatch(
      new RegExp(`^${literal(ADMIN)}/confirm/\\S+$`),
    );
    await poll(() => horizontalOverflow(instructor), { what: 'what sticks out sideways' }).toEqual([]);
    await screenshot(instructor, 'enterprise-confirm-1-qr');

    await contact.goto(url);
    await contact.getByTestId('confirm-title').waitFor();
    await poll(() => textOf(contact, 'confirm-resolution')).toContain('续贷 300 万元');
    await poll(() => contact.getByTestId('confirm-step').count()).toBeGreaterThanOrEqual(3);
    // what the page shows now (its resolution and steps drawn) names no one of the town's staff
    expect(await text(contact.locator('body'))).not.toContain('zhuanban');
    await poll(() => horizontalOverflow(contact), { what: 'what sticks out sideways' }).toEqual([]);
    await screenshot(contact, 'enterprise-confirm-2-page');

    await contact.getByTestId('confirm-accept').click();
    await contact.getByTestId('confirm-rating-4').click();
    await contact.getByTestId('confirm-comment').fill('办理及时，谢谢！');
    await screenshot(contact, 'enterprise-confirm-3-answer');
    await contact.getByTestId('confirm-submit').click();
    await contact.getByTestId('confirm-done').waitFor();
    await screenshot(contact, 'enterprise-confirm-4-done');

    const after = await getCase('zhidao', c.id);
    expect(after).toMatchObject({
      status: 'closed',
      rating: 4,
      ratingComment: '办理及时，谢谢！',
      confirmedBy: 'enterprise',
    });

    // the instructor sees it closed, rated by the enterprise itself
    await instructor.reload();
    await instructor.locator('tz-status-badge[data-status="closed"]').waitFor();
    await poll(() => textOf(instructor, 'case-rating')).toContain('企业自行确认');
    await screenshot(instructor, 'enterprise-confirm-5-closed');

    // the link works once
    await contact.goto(url);
    await contact.getByTestId('confirm-problem-used').waitFor();
    await screenshot(contact, 'enterprise-confirm-6-used');

    // a tampered link is not valid, and says so plainly
    const tampered = url.slice(0, -1) + (url.endsWith('A') ? 'B' : 'A');
    await contact.goto(tampered);
    await contact.getByTestId('confirm-problem-invalid').waitFor();
    await poll(() => text(contact.locator('body'))).toContain('链接无效');
  });
});
