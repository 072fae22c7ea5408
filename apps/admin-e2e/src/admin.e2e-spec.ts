import { Browser, Page } from 'playwright-core';
import { tag } from './support/api';
import { launch, newPage, screenshot, signIn, textOf } from './support/browser';
import { expectEventually, poll, text } from './support/poll';
import { ADMIN_PASSWORD } from './support/system';

/** The system administrator: every reference-data page shows the demo world; the API's validation shows on the form. */
describe('admin', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    ({ page } = await newPage(browser));
    await signIn(page, 'admin', ADMIN_PASSWORD);
  });
  afterAll(() => browser?.close());

  it('units: the administrative tree with its bureaus', async () => {
    await page.getByTestId('nav-units').click();
    await page.getByTestId('unit-node').first().waitFor();
    await expectEventually(
      () => text(page.locator('.tree-root')),
      (tree) => {
        for (const name of ['郑州市', '新郑市', '郭店镇', '郭店村', '新郑市人力资源和社会保障局'])
          expect(tree).toContain(name);
      },
      { what: 'the unit tree' },
    );
    await poll(() => page.locator('[data-testid="unit-node"][data-kind="bureau"]').count()).toBe(32);
    await screenshot(page, 'admin-1-units');
  });

  it('users, categories, routing rules and deadline policies', async () => {
    await page.getByTestId('nav-users').click();
    await page.getByTestId('user-row').first().waitFor();
    // the list is paged: find the user by name
    await page.getByTestId('user-search').fill('zhuanban');
    await poll(() => text(page.getByTestId('user-row').filter({ hasText: 'zhuanban' }).first())).toContain(
      '工作专班',
    );
    await screenshot(page, 'admin-2-users');

    await page.getByTestId('nav-categories').click();
    await page.getByTestId('category-row').first().waitFor();
    await poll(() => page.getByTestId('category-row').count()).toBeGreaterThanOrEqual(8);
    await poll(() => text(page.getByTestId('category-row').filter({ hasText: 'labor' }))).toContain('用工');
    await screenshot(page, 'admin-3-categories');

    await page.getByTestId('nav-routing-rules').click();
    await page.getByTestId('rule-row').first().waitFor();
    await poll(() => page.getByTestId('rule-row').count()).toBeGreaterThanOrEqual(8);
    await poll(() => text(page.getByTestId('rule-row').first())).toContain('人力资源和社会保障局');
    await screenshot(page, 'admin-4-routing-rules');

    await page.getByTestId('nav-deadline-policies').click();
    await page.getByTestId('policy-row').first().waitFor();
    await poll(() => page.getByTestId('policy-row').count()).toBe(6);
    await screenshot(page, 'admin-5-deadline-policies');
  });

  it('shows the API’s validation error on the user form, and creates the user once it is right', async () => {
    const username = `e2e_${tag().toLowerCase()}`;
    await page.getByTestId('nav-users').click();
    await page.getByTestId('user-username').fill(username);
    await page.getByTestId('user-displayName').fill('测试用户');
    await page.getByTestId('user-password').fill('abc');
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-password-error').waitFor();
    await poll(() => textOf(page, 'user-password-error')).toBe('密码至少 10 位');
    await screenshot(page, 'admin-6-user-validation');

    await page.getByTestId('user-password').fill('abcdefgh-2026');
    await page.getByTestId('user-password-error').waitFor({ state: 'detached' });
    await page.getByTestId('user-create').click();
    // an instructor belongs to a town: the API says so under the unit field
    await page.getByTestId('user-unitId-error').waitFor();
    await poll(() => textOf(page, 'user-unitId-error')).toContain('请选择该角色所属的单位');
    await screenshot(page, 'admin-7-user-unit-required');
    // the unit picker searches as one types
    await page.getByTestId('user-unit').fill('郭店镇');
    await page.getByRole('option', { name: /^郭店镇/ }).click();
    await page.getByTestId('user-create').click();
    // said once (the snack bar stays 4 s: wait for it here, not after the search below)
    await page.getByText('已保存').waitFor();
    await poll(() => page.getByText('已保存').count()).toBe(1);
    await page.getByTestId('user-search').fill(username);
    await page.getByTestId('user-row').filter({ hasText: username }).waitFor();
  });
});
