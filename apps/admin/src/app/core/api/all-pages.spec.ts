import type { Page } from '@taizhang/contracts';
import { firstValueFrom, of } from 'rxjs';
import { allPages } from './all-pages';

describe(allPages.name, () => {
  const pages = (total: number, pageSize: number) => {
    const asked: number[] = [];
    const fetch = (page: number) => {
      asked.push(page);
      const items = Array.from(
        { length: Math.max(0, Math.min(pageSize, total - (page - 1) * pageSize)) },
        (_, i) => (page - 1) * pageSize + i,
      );
      return of<Page<number>>({ items, total, page, pageSize });
    };
    return { asked, fetch };
  };

  it.each([
    [0, 3, [1]],
    [3, 3, [1]],
    [7, 3, [1, 2, 3]],
  ])('%i items in pages of %i: asks pages %j and answers them all in order', async (total, size, asked) => {
    const p = pages(total, size);
    expect(await firstValueFrom(allPages(p.fetch))).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(p.asked).toEqual(asked);
  });

  it('stops at an empty page even if total says there is more', async () => {
    const fetch = (page: number) =>
      of<Page<number>>({ items: page === 1 ? [1] : [], total: 10, page, pageSize: 1 });
    expect(await firstValueFrom(allPages(fetch))).toEqual([1]);
  });
});
