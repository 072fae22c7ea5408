import type { CaseDto, Page as ListPage, SimilarCaseDto, UnitDto, UserDto } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import { call, listCases, login, typed } from './support/api';
import { launch, newPage, screenshot, signIn, textOf } from './support/browser';
import { expectEventually, poll, text } from './support/poll';

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/**
 * Chinese UI text left on the page once the data (names, titles, units, people, reasons the users wrote)
 * is taken out: the language switch must leave none in English.
 */
async function chineseUiText(page: Page, data: string[]): Promise<string[]> {
  const strings = [...new Set(data.filter(Boolean))].sort((a, b) => b.length - a.length);
  return page.evaluate(
    ({ strings, cjk }) => {
      const re = new RegExp(cjk);
      const strip = (s: string) => strings.reduce((acc, d) => acc.split(d).join(' '), s);
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest('[data-testid="lang-switch"], script, style')) continue;
        const text = strip(n.textContent ?? '').trim();
        if (text && re.test(text)) out.push(text);
      }
      for (const el of Array.from(document.querySelectorAll('[aria-label], [placeholder], [title]'))) {
        if (el.closest('[data-testid="lang-switch"]')) continue;
        for (const name of ['aria-label', 'placeholder', 'title']) {
          const value = el.getAttribute(name);
          if (value && re.test(strip(value))) out.push(`${name}="${value}"`);
        }
      }
      return out;
    },
    { strings, cjk: CJK.source },
  );
}

describe('i18n: zh-CN ⇄ English', () => {
  let browser: Browser;
  let page: Page;
  let me: UserDto;
  let units: UnitDto[];

  beforeAll(async () => {
    browser = await launch();
    me = (await login('zhuanban')).user;
    units = (await typed('zhuanban', 'get', '/api/units', {})).items;
    ({ page } = await newPage(browser));
    await signIn(page, 'zhuanban', 'demo1234');
  });
  afterAll(() => browser?.close());

  const caseData = (c: CaseDto) => [
    c.enterprise.name,
    c.title,
    c.description,
    c.unitName ?? '',
    c.resolution ?? '',
    ...(c.events ?? []).flatMap((e) => [
      e.actorId ? (e.actorName ?? '') : '',
      e.actorId ? (e.reason ?? '') : '',
      String(e.payload['comment'] ?? ''),
      String(e.payload['resolution'] ?? ''),
    ]),
  ];

  it('leaves no Chinese UI text on the ledger in English, and switches back', async () => {
    await page.waitForURL(/\/cases$/);
    await page.getByTestId('ledger-row').first().waitFor();
    await poll(() => textOf(page, 'page-title')).toBe('问题台账');

    await page.getByTestId('lang-switch').click();
    // <html lang> changes with the language; the words on the page with the next render
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await poll(() => textOf(page, 'page-title')).toBe('Problem ledger');
    await poll(() => textOf(page, 'lang-switch')).toBe('中文');
    await page.getByTestId('ledger-paginator').waitFor();
    const shown = await listCases('zhuanban', { page: 1, pageSize: 20 });
    const data = [me.displayName, ...units.map((u) => u.name), ...shown.items.flatMap(caseData)];
    await poll(() => chineseUiText(page, data), { what: 'Chinese UI text on the English ledger' }).toEqual(
      [],
    );
    await screenshot(page, 'i18n-1-ledger-en');

    // the filters' menus too
    await page.getByTestId('ledger-status').click();
    await page.locator('mat-option').first().waitFor();
    await poll(() => chineseUiText(page, data), { what: 'Chinese UI text in the status menu' }).toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await poll(() => textOf(page, 'page-title')).toBe('问题台账');
    await poll(() => textOf(page, 'lang-switch')).toBe('English');
    await screenshot(page, 'i18n-2-ledger-zh');
  });

  it('says what the system did in the user’s language (no bilingual reasons from the worker)', async () => {
    const overdue = (await listCases('zhuanban', { overdue: true, pageSize: 50 })).items;
    expect(overdue.length).toBeGreaterThan(0);
    const c = await call<CaseDto>('zhuanban', 'GET', `/cases/${overdue[0].id}`);
    const systemEvent = (c.events ?? []).find((e) => !e.actorId);
    expect(systemEvent).toBeDefined();

    await page.goto(`/cases/${c.id}`);
    const event = page.locator('[data-testid="timeline-event"][data-type="overdue"]').first();
    await event.waitFor();
    await expectEventually(
      () => text(event),
      (zh) => {
        expect(zh).toMatch(/超过(响应|办结)时限/);
        expect(zh).toContain('系统');
        expect(zh).not.toMatch(/[A-Za-z]{3,}/);
      },
      { what: 'the overdue event in Chinese' },
    );
    await screenshot(page, 'i18n-3-system-events-zh');

    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await expectEventually(
      () => text(event),
      (en) => {
        expect(en).toMatch(/deadline/i);
        expect(en).toContain('System');
      },
      { what: 'the overdue event in English' },
    );
    // the 共性问题 panel lists other pending cases (their titles and enterprises are data too)
    const similar = await call<ListPage<SimilarCaseDto>>('zhuanban', 'GET', `/cases/${c.id}/similar`);
    const data = [
      me.displayName,
      ...units.map((u) => u.name),
      ...caseData(c),
      ...similar.items.flatMap((s) => [s.title, s.enterpriseName]),
    ];
    await poll(() => chineseUiText(page, data), { what: 'Chinese UI text on the English case page' }).toEqual(
      [],
    );
    await screenshot(page, 'i18n-4-case-detail-en');
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  });
});
