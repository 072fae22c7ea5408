import { Injector, resource, runInInjectionContext, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';
import { pageItems, pageTotal, pagedList } from './paged';

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

describe('pagedList', () => {
  it('asks for the page shown with the filters, and a new filter goes back to the first page', async () => {
    const asked: unknown[] = [];
    const q = signal('a');
    const paged = TestBed.runInInjectionContext(() =>
      pagedList(
        20,
        () => ({ q: q() }),
        (params) => {
          asked.push(params);
          return of({ items: [`${params.q}${params.page}`], total: 41 });
        },
      ),
    );
    const settle = async () => {
      TestBed.tick();
      await new Promise((r) => setTimeout(r));
      TestBed.tick();
    };
    await settle();
    paged.page.set(3);
    await settle();
    expect({ items: paged.items(), total: paged.total() }).toEqual({ items: ['a3'], total: 41 });
    paged.filter(q, 'b');
    await settle();
    expect(paged.page()).toBe(1);
    expect(asked).toEqual([
      { q: 'a', page: 1, pageSize: 20 },
      { q: 'a', page: 3, pageSize: 20 },
      { q: 'b', page: 1, pageSize: 20 },
    ]);
  });
});
