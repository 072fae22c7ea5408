import { Injectable, computed, effect, signal } from '@angular/core';
import { DOCUMENT } from '@angular/common';
import { inject } from '@angular/core';
import { zhCN, type TranslationKey } from './zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'tz.locale';
/** Every date and time in the app is shown in the users' time zone. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

export type TranslationParams = Record<string, string | number>;

type Dictionary = Record<TranslationKey, string>;

/**
 * zh-CN, the source language, is in the initial bundle; en is a lazy chunk of its own, loaded when it is
 * first chosen (or at start, before the first page, when it is the stored choice): issue 18, initial
 * JavaScript ≤ 150 kB gzip.
 */
const DICTIONARIES: Partial<Record<Locale, Dictionary>> = { 'zh-CN': zhCN };
const LOADERS: Record<Locale, () => Promise<Dictionary>> = {
  'zh-CN': () => Promise.resolve(zhCN),
  en: () => import('./en').then((m) => m.en),
};

/** Make a dictionary available without loading it (the unit tests register en in their setup). */
export function registerDictionary(locale: Locale, dictionary: Dictionary): void {
  DICTIONARIES[locale] = dictionary;
}

function loadDictionary(locale: Locale): Promise<Dictionary> {
  const known = DICTIONARIES[locale];
  if (known) return Promise.resolve(known);
  return LOADERS[locale]().then((d) => (DICTIONARIES[locale] = d));
}

function readStoredLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** Fill `{name}` placeholders. */
export function interpolate(text: string, params?: TranslationParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Runtime, signal-based translations: zh-CN is the source language, en the translation. Anything that reads
 * `t()` inside a template or `computed` re-renders when the locale changes.
 */
@Injectable({ providedIn: 'root' })
export class I18nService {
  private readonly document = inject(DOCUMENT);
  private readonly localeState = signal<Locale>(readStoredLocale());
  readonly locale = this.localeState.asReadonly();
  /** Bumped when a dictionary arrives (the stored locale's, loaded at start). */
  private readonly loadedDictionaries = signal(0);
  readonly dictionary = computed(() => {
    this.loadedDictionaries();
    return DICTIONARIES[this.localeState()] ?? zhCN;
  });
  /** The other locale: what the language switch offers. */
  readonly otherLocale = computed<Locale>(() => (this.localeState() === 'zh-CN' ? 'en' : 'zh-CN'));

  constructor() {
    effect(() => {
      const locale = this.localeState();
      this.document.documentElement.lang = locale;
      try {
        globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
      } catch {
        // storage unavailable (private mode): the choice lasts for this page only
      }
    });
  }

  /** Switch once the locale's dictionary is there (at once when it is loaded already). */
  setLocale(locale: Locale): void {
    if (DICTIONARIES[locale]) {
      this.localeState.set(locale);
      return;
    }
    loadDictionary(locale).then(
      () => this.localeState.set(locale),
      () => undefined, // offline: stay in the current language
    );
  }

  toggle(): void {
    this.setLocale(this.otherLocale());
  }

  /** Resolves when the current locale's dictionary is loaded (an app initializer waits for it). */
  ready(): Promise<void> {
    const locale = this.localeState();
    if (DICTIONARIES[locale]) return Promise.resolve();
    return loadDictionary(locale).then(
      () => this.loadedDictionaries.update((n) => n + 1),
      () => this.localeState.set(DEFAULT_LOCALE),
    );
  }

  /** Translate a key; unknown keys come back as themselves so a gap is visible, not blank. */
  readonly t = (key: TranslationKey | string, params?: TranslationParams): string => {
    const dict = this.dictionary() as Record<string, string>;
    return interpolate(dict[key] ?? key, params);
  };

  /** Whether the dictionary has this key (for keys built from data, such as API error codes). */
  readonly has = (key: string): boolean => key in this.dictionary();

  /** Pick the label of a bilingual record (`nameZh` / `nameEn`). */
  readonly pick = (zh: string, enText: string): string =>
    this.localeState() === 'en' ? enText || zh : zh || enText;

  /** Date and time in Asia/Shanghai, e.g. `2020/03/02 17:30`. */
  formatDateTime(value: string | Date | null | undefined): string {
    return this.formatIn(value, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  /** A calendar date (no time) in Asia/Shanghai. */
  formatDate(value: string | Date | null | undefined): string {
    return this.formatIn(value, { year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  /** A moment shown in Asia/Shanghai with these fields, in the current locale; '' for none or an invalid one. */
  private formatIn(value: string | Date | null | undefined, fields: Intl.DateTimeFormatOptions): string {
    if (value === null || value === undefined || value === '') return '';
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) return '';
    return new Intl.DateTimeFormat(this.localeState(), { timeZone: DISPLAY_TIME_ZONE, ...fields }).format(
      date,
    );
  }

  formatNumber(value: number | null | undefined, maximumFractionDigits = 1): string {
    if (value === null || value === undefined || Number.isNaN(value)) return '—';
    return new Intl.NumberFormat(this.localeState(), { maximumFractionDigits }).format(value);
  }
}
