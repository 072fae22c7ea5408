/**
 * Reading the page after an action, without racing it. The admin app has no zone.js: what a click decides is
 * drawn at the next frame or macrotask, and what it asked the API for later still — after Playwright's click
 * (or fill, or goto) has returned. A value read once right after the action may be the one from before it
 * (the previous page's title, the list before the filter, the count one click behind). So every read of the
 * page that checks what an action did re-reads until the check passes; when the time is up, the check's own
 * failure is thrown, with the last value seen. A wrong value still fails, only not before the page had time
 * to show the right one.
 *
 *   await poll(() => text(row.getByTestId('row-title'))).toBe(title);
 *   await poll(() => page.getByTestId('ledger-row').count()).toBeGreaterThan(0);
 *   const url = await poll(() => textOf(page, 'link-url')).toMatch(/^http/); // answers the value that passed
 *   await expectEventually(() => text(tree), (t) => names.forEach((n) => expect(t).toContain(n)));
 *
 * A negative check (`.not.toContain`) passes on the first read: wait for what the action shows first, then
 * check what must not be there.
 */
import type { Locator } from 'playwright-core';

/** How long a check may take to come true (the pages' own default for Playwright's waits). */
export const POLL_TIMEOUT_MS = 20_000;
/** How long one read waits for its element (a poll re-reads; a missing element is one failed read). */
const READ_TIMEOUT_MS = 2_000;

export interface PollOptions {
  /** what is read, for the message when it times out */
  what?: string;
  timeoutMs?: number;
}

/**
 * Re-reads `read` until `check` (jest `expect`s on the value) passes, and answers the value that passed; after
 * `timeoutMs`, throws the last check's failure (expected vs. the last value seen) or the last read's error.
 */
export async function expectEventually<T>(
  read: () => Promise<T>,
  check: (value: T) => void,
  { what = 'the value read from the page', timeoutMs = POLL_TIMEOUT_MS }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let pause = 25;
  for (let reads = 1; ; reads++) {
    let failure: unknown;
    try {
      const value = await read();
      check(value);
      return value;
    } catch (e) {
      failure = e;
    }
    if (Date.now() >= deadline) {
      const last = failure instanceof Error ? failure.message : String(failure);
      const error = new Error(
        `${what}: still wrong after ${timeoutMs} ms (${reads} reads); the last one:\n${last}`,
      );
      throw error;
    }
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(pause * 2, 250);
  }
}

/** Jest's matchers, each re-reading the value until it matches (and answering the value that did). */
export type PollMatchers<T> = jest.Matchers<Promise<T>, T> & { not: jest.Matchers<Promise<T>, T> };

/** `expect(value)`'s matchers on a value read again and again until the matcher passes (see above). */
export function poll<T>(read: () => Promise<T>, options: PollOptions = {}): PollMatchers<T> {
  const matchers = (negated: boolean): unknown =>
    new Proxy(
      {},
      {
        get: (_, name) => {
          if (name === 'not') return matchers(!negated);
          if (typeof name !== 'string' || name === 'then') return undefined; // not a promise itself
          return (...args: unknown[]) =>
            expectEventually(
              read,
              (value) => {
                const base = expect(value) as unknown as Record<string, unknown> & {
                  not: Record<string, unknown>;
                };
                const matcher = (negated ? base.not : base)[name];
                if (typeof matcher !== 'function') throw new Error(`poll: no matcher ${name}`);
                (matcher as (...a: unknown[]) => unknown)(...args);
              },
              options,
            );
        },
      },
    );
  return matchers(false) as PollMatchers<T>;
}

/** The element's text as it is (`textContent`, '' for none); waits briefly for the element. */
export async function text(locator: Locator): Promise<string> {
  return (await locator.textContent({ timeout: READ_TIMEOUT_MS })) ?? '';
}

/** The element's attribute (null when it has none); waits briefly for the element. */
export function attr(locator: Locator, name: string): Promise<string | null> {
  return locator.getAttribute(name, { timeout: READ_TIMEOUT_MS });
}

/** An input's or select's value; waits briefly for the element. */
export function value(locator: Locator): Promise<string> {
  return locator.inputValue({ timeout: READ_TIMEOUT_MS });
}

/** Every matching element's text, trimmed (none yet: an empty list). */
export async function texts(locator: Locator): Promise<string[]> {
  return (await locator.allTextContents()).map((t) => t.trim());
}

/** The number written in a text (`共 1,234 条` → 1234). */
export function digits(s: string): number {
  return Number(s.replace(/[^\d]/g, ''));
}

/** A pattern matching `s` literally (to build a RegExp around a URL). */
export function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
