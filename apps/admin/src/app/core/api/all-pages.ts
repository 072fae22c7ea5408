import type { Page } from '@taizhang/contracts';
import { EMPTY, Observable, expand, reduce } from 'rxjs';

/**
 * Every item of a paged list (`{ items, total, page, pageSize }`), page after page: for short lists a
 * screen needs whole (the unit tree, categories, a range of daily reports).
 */
export function allPages<T>(fetch: (page: number) => Observable<Page<T>>): Observable<T[]> {
  return fetch(1).pipe(
    expand((p) => (p.items.length > 0 && p.page * p.pageSize < p.total ? fetch(p.page + 1) : EMPTY)),
    reduce((all, p) => all.concat(p.items), [] as T[]),
  );
}
