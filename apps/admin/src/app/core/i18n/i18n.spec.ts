import { TestBed } from '@angular/core/testing';
import { en } from './en';
import { I18nService, LOCALE_STORAGE_KEY, interpolate } from './i18n.service';
import { zhCN } from './zh-CN';

describe(I18nService.name, () => {
  beforeEach(() => localStorage.clear());

  describe('dictionaries', () => {
    it('zh-CN and en have exactly the same keys', () => {
      expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    });

    it('has no empty translations', () => {
      const empty = [...Object.entries(zhCN), ...Object.entries(en)].filter(([, v]) => !v.trim()).map(([k]) => k);
      expect(empty).toEqual([]);
    });

    it('uses the same {placeholders} in both languages', () => {
      const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      const mismatched = (Object.keys(zhCN) as (keyof typeof zhCN)[]).filter(
        (k) => JSON.stringify(names(zhCN[k])) !== JSON.stringify(names(en[k])),
      );
      expect(mismatched).toEqual([]);
    });
  });

  describe('t()', () => {
    it('defaults to zh-CN', () => {
      const i18n = TestBed.inject(I18nService);
      expect(i18n.locale()).toBe('zh-CN');
      expect(i18n.t('caseDetail.stale')).toBe('此案件已被他人更新');
    });

    it('switches to en and remembers the choice', () => {
      const i18n = TestBed.inject(I18nService);
      i18n.setLocale('en');
      TestBed.tick();
      expect(i18n.t('login.submit')).toBe('Sign in');
      expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
      expect(document.documentElement.lang).toBe('en');
    });

    it('starts in the stored locale', () => {
      localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
      expect(TestBed.inject(I18nService).locale()).toBe('en');
    });

    it('ignores an unknown stored locale', () => {
      localStorage.setItem(LOCALE_STORAGE_KEY, 'fr');
      expect(TestBed.inject(I18nService).locale()).toBe('zh-CN');
    });

    it('fills placeholders and returns unknown keys as themselves', () => {
      const i18n = TestBed.inject(I18nService);
      expect(i18n.t('paginator.range', { start: 1, end: 20, length: 57 })).toBe('第 1–20 条，共 57 条');
      expect(i18n.t('no.such.key')).toBe('no.such.key');
      expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    });
  });

  describe('formatDateTime()', () => {
    it('shows times in Asia/Shanghai whatever the machine zone', () => {
      const i18n = TestBed.inject(I18nService);
      i18n.setLocale('en');
      // 16:30 UTC is 00:30 the next day in Shanghai.
      expect(i18n.formatDateTime('2020-03-01T16:30:00Z')).toContain('00:30');
      expect(i18n.formatDate('2020-03-01T16:30:00Z')).toContain('02');
      expect(i18n.formatDateTime(null)).toBe('');
      expect(i18n.formatDateTime('not a date')).toBe('');
    });
  });
});
