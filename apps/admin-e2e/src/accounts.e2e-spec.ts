import type { Page as ListPage, UnitDto, UserDto } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { call, tag } from './support/api';
import { launch, newPage, screenshot, signIn, textOf } from './support/browser';
import { poll, text } from './support/poll';
import { ADMIN_PASSWORD, API } from './support/system';

const FIRST_PASSWORD = 'first-pass-2026';
const TEMPORARY = 'temp-pass-4711';
const CHOSEN = 'my-own-words-88';
const CHOSEN_AGAIN = 'another-phrase-99';

/** Answers the status of GET /api/auth/me with this token (401 once the session has ended). */
async function meStatus(token: string): Promise<number> {
  return (await fetch(`${API}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).status;
}

async function signInStatus(username: string, password: string): Promise<number> {
  const res = await fetch(`${API}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
}

/** Polls until the token is refused (sessions end within seconds: the API caches a user's row briefly). */
async function sessionEnds(token: string, timeoutMs = 10_000): Promise<void> {
  await poll(() => meStatus(token), { what: 'GET /api/auth/me with the old token', timeoutMs }).toBe(401);
}

/**
 * Accounts: an admin disables a user and resets another's password; that user must change it before
 * anything else; a user changes his own password from the menu; sign-out ends the session at the API.
 */
describe('accounts', () => {
  let browser: Browser;
  let admin: Page;
  let town: UnitDto;
  const t = tag().toLowerCase();
  const leaving = `leaving_${t}`;
  const forgetful = `forgetful_${t}`;

  beforeAll(async () => {
    browser = await launch();
    town = (await call<ListPage<UnitDto>>('admin', 'GET', `/units/search?q=${encodeURIComponent('郭店镇')}`))
      .items[0];
    for (const [username, displayName] of [
      [leaving, '离职人员'],
      [forgetful, '忘记密码'],
    ]) {
      await call<UserDto>('admin', 'POST', '/users', {
        username,
        password: FIRST_PASSWORD,
        displayName,
        role: 'coordinator',
        unitId: town.id,
      });
    }
    ({ page: admin } = await newPage(browser));
    await signIn(admin, 'admin', ADMIN_PASSWORD);
  });
  afterAll(() => browser?.close());

  async function openUser(username: string): Promise<void> {
    await admin.getByTestId('nav-users').click();
    await admin.getByTestId('user-search').fill(username);
    const row = admin.locator(`[data-testid="user-row"][data-username="${username}"]`);
    await row.waitFor();
    await row.getByTestId('user-edit').click();
    await admin.getByTestId('user-edit-panel').waitFor();
  }

  it('an admin disables a user: he can no longer sign in, and his open session ends', async () => {
    const session = await fetch(`${API}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: leaving, password: FIRST_PASSWORD }),
    }).then((r) => r.json() as Promise<{ accessToken: string }>);
    expect(await meStatus(session.accessToken)).toBe(200);

    await openUser(leaving);
    await admin.getByTestId('edit-active').locator('input').uncheck();
    await admin.getByTestId('edit-save').click();
    const row = admin.locator(`[data-testid="user-row"][data-username="${leaving}"]`);
    await row.getByTestId('user-status').filter({ hasText: '已停用' }).waitFor();
    await screenshot(admin, 'accounts-1-user-disabled');

    await sessionEnds(session.accessToken);
    expect(await signInStatus(leaving, FIRST_PASSWORD)).toBe(401);
  });

  it('an admin resets a password: a weak one is refused with the reason, a good one is set', async () => {
    await openUser(forgetful);
    await admin.getByTestId('reset-password').fill('12345678');
    await admin.getByTestId('reset-submit').click();
    await admin.getByTestId('reset-password-error').waitFor();
    await poll(() => textOf(admin, 'reset-password-error')).toBe('密码至少 10 位');
    await admin.getByTestId('reset-password').fill('1234567890');
    await admin.getByTestId('reset-submit').click();
    await admin.getByTestId('reset-password-error').filter({ hasText: '常见密码' }).waitFor();
    await screenshot(admin, 'accounts-2-reset-refused');

    await admin.getByTestId('reset-password').fill(TEMPORARY);
    await admin.getByTestId('reset-submit').click();
    const row = admin.locator(`[data-testid="user-row"][data-username="${forgetful}"]`);
    await row.getByTestId('user-status').filter({ hasText: '须改密码' }).waitFor();
    expect(await signInStatus(forgetful, FIRST_PASSWORD)).toBe(401);
  });

  it('the user signs in with the temporary password and must choose his own before anything else', async () => {
    const { page } = await newPage(browser);
    await signIn(page, forgetful, TEMPORARY);
    await page.waitForURL('**/account/password');
    await page.getByTestId('password-must-change').waitFor();
    // the rest of the app waits until the password is changed
    await page.goto('/cases');
    await page.waitForURL('**/account/password');
    await screenshot(page, 'accounts-3-must-change');

    await page.getByTestId('password-current').fill(TEMPORARY);
    await page.getByTestId('password-new').fill(`${forgetful}-x`);
    await page.getByTestId('password-repeat').fill(`${forgetful}-x`);
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-new-error').filter({ hasText: '用户名' }).waitFor();

    await page.getByTestId('password-new').fill(CHOSEN);
    await page.getByTestId('password-repeat').fill(CHOSEN);
    await page.getByTestId('password-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/account'));
    await page.getByTestId('nav-cases').waitFor();
    await page.close();
    expect(await signInStatus(forgetful, CHOSEN)).toBe(200);
  });

  it('a user changes his own password from the menu (the current one is needed), then signs out', async () => {
    const { page } = await newPage(browser);
    await signIn(page, forgetful, CHOSEN);
    await page.getByTestId('nav-password').click();
    await page.getByTestId('password-current').fill('not-my-password');
    await page.getByTestId('password-new').fill(CHOSEN_AGAIN);
    await page.getByTestId('password-repeat').fill(CHOSEN_AGAIN);
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-current-error').filter({ hasText: '当前密码不正确' }).waitFor();
    await page.getByTestId('password-current').fill(CHOSEN);
    await page.getByTestId('password-submit').click();
    await page.getByText('密码已修改').waitFor();
    await screenshot(page, 'accounts-4-password-changed');

    const token = (await page.evaluate(() => localStorage.getItem('tz.token'))) as string;
    expect(await meStatus(token)).toBe(200);
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
    expect(await page.evaluate(() => localStorage.getItem('tz.token'))).toBeNull();
    // signed out at the API too: the token no longer works, wherever it was copied to
    await sessionEnds(token);
    await screenshot(page, 'accounts-5-signed-out');
    await page.close();
    expect(await signInStatus(forgetful, CHOSEN_AGAIN)).toBe(200);
  });

  it('the audit log shows who changed which user, before → after, and no password', async () => {
    await admin.getByTestId('nav-audit-log').click();
    await admin.getByTestId('audit-entity').click();
    await admin.getByRole('option', { name: '用户', exact: true }).click();
    const rows = admin.getByTestId('audit-row');
    // wait for the rows themselves: the list shown first may still be the one from before the filter
    await rows.filter({ hasText: leaving }).first().waitFor();
    await rows.filter({ hasText: forgetful }).filter({ hasText: '重置密码' }).first().waitFor();
    // the rows' before → after, drawn with them: then nothing secret anywhere on the page
    const shown = await poll(() => text(admin.locator('main'))).toContain('active');
    for (const secret of [TEMPORARY, CHOSEN, CHOSEN_AGAIN, FIRST_PASSWORD, 'argon2'])
      expect(shown).not.toContain(secret);
    await screenshot(admin, 'accounts-6-audit-log');
  });
});
