import type { CaseDto } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { act, enterprisesOf, getCase, openCase, settled, tag } from './support/api';
import { launch, ledgerShows, newPage, screenshot, signIn } from './support/browser';
import { poll, text } from './support/poll';

/**
 * The county labor bureau's officer (新郑市人社局 renshe): the cases the towns escalated to his bureau;
 * he accepts one and resolves it, and returns another that is not his bureau's remit.
 */
describe('bureau officer (renshe)', () => {
  let browser: Browser;
  let page: Page;
  let accepted: CaseDto;
  let returned: CaseDto;

  beforeAll(async () => {
    browser = await launch();
    const enterprise = (await enterprisesOf('zhidao'))[1];
    const t = tag();
    accepted = await openCase('zhidao', enterprise.id, {
      title: `[${t}] 返岗员工不足，急需招聘普工 40 名`,
      categoryCode: 'labor',
    });
    returned = await openCase('zhidao', enterprise.id, {
      title: `[${t}] 厂区周边道路施工影响员工通勤`,
      categoryCode: 'labor',
    });
    for (const c of [accepted, returned]) {
      await act('zhuanban', c.id, 'escalate', { reason: '本镇无法解决，提请县人社局协助' });
      await settled('renshe', c.id);
    }
    ({ page } = await newPage(browser));
    await signIn(page, 'renshe', 'demo1234');
  });
  afterAll(() => browser?.close());

  function row(ledgerNo: string) {
    return page.locator(`[data-testid="ledger-row"][data-ledger-no="${ledgerNo}"]`);
  }

  it('sees the cases escalated to his bureau', async () => {
    await page.waitForURL(/\/cases$/);
    await page.getByTestId('inbox-toAccept').click();
    await page.waitForURL(/status=escalated/);
    await row(accepted.ledgerNo).waitFor();
    await row(returned.ledgerNo).waitFor();
    // every row shown is escalated (the condition is the assertion: it times out otherwise)
    await expect(ledgerShows(page, 'escalated')).resolves.toBeGreaterThanOrEqual(2);
    await poll(() => text(row(accepted.ledgerNo))).toContain('新郑市人力资源和社会保障局');
    await screenshot(page, 'bureau-1-to-accept');
  });

  it('accepts a case and resolves it', async () => {
    await row(accepted.ledgerNo).click();
    await page.waitForURL(new RegExp(`/cases/${accepted.id}$`));
    await page.getByTestId('action-accept').click();
    await page.getByTestId('dialog-confirm').click();
    await page.locator('tz-status-badge[data-status="in_progress"]').waitFor();
    await poll(() => text(page.locator('.facts'))).toContain('新郑市人社局·赵敏');
    await screenshot(page, 'bureau-2-accepted');

    await page.getByTestId('action-resolve').click();
    await page
      .getByTestId('dialog-resolution')
      .fill('已在县人力资源市场组织专场招聘会，企业招到普工 42 名。');
    await page.getByTestId('dialog-confirm').click();
    await page.locator('tz-status-badge[data-status="resolved"]').waitFor();
    await screenshot(page, 'bureau-3-resolved');
    const after = await getCase('renshe', accepted.id);
    expect(after.status).toBe('resolved');
    expect(after.level).toBe(1);
  });

  it('returns a case that is not his bureau’s remit, with a reason', async () => {
    await page.goto('/cases?status=escalated');
    await row(returned.ledgerNo).click();
    await page.waitForURL(new RegExp(`/cases/${returned.id}$`));
    await page.getByTestId('action-return').click();
    const reason = '道路施工属交通运输部门职责，请镇专班改按“运输物流”类别上报。';
    await page.getByTestId('dialog-reason').fill(reason);
    await screenshot(page, 'bureau-4-return-dialog');
    await page.getByTestId('dialog-confirm').click();
    const event = page.locator('[data-testid="timeline-event"][data-type="return"]');
    await event.waitFor();
    await poll(() => text(event)).toContain(reason);
    await page.locator('tz-status-badge[data-status="open"]').waitFor();
    await screenshot(page, 'bureau-5-returned');
    const back = await getCase('zhuanban', returned.id);
    expect(back.status).toBe('open');
    expect(back.level).toBe(0);
    expect(back.unitName).toBe('郭店镇');
  });
});
