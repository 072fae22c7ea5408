import { Injector, resource, runInInjectionContext } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { pageItems, pageTotal } from './paged';

describe('pageItems / pageTotal', () => {
  async function settle(answer: Promise<{ items: string[]; total: number }>) {
    const injector = TestBed.inject(Injector);
    const list = runInInjectionContext(injector, () => resource({ loader: () => answer }));
    const items = pageItems(list);
    const total = pageTotal(list);
    const before = { items: items(), total: total() };
    await answer.catch(() => undefined);
    await new Promise((r) => setTimeout(r));
    TestBed.tick();
    return { before, after: { items: items(), total: total() } };
  }

  it.each<[string, () => Promise<{ items: string[]; total: number }>, { items: string[]; total: number }]>([
    [
      'an answer: its rows and total',
      () => Promise.resolve({ items: ['a', 'b'], total: 12 }),
      { items: ['a', 'b'], total: 12 },
    ],
    ['an error: none', () => Promise.reject(new Error('down')), { items: [], total: 0 }],
  ])('%s', async (_name, answer, expected) => {
    const { before, after } = await settle(answer());
    expect(before).toEqual({ items: [], total: 0 }); // loading
    expect(after).toEqual(expected);
  });
});
