import { Resource, Signal, WritableSignal, computed, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { Observable } from 'rxjs';

/** What a paged list endpoint answers (`Page<T>` of the contracts, or any list with its total). */
interface Paged<T> {
  items: T[];
  total: number;
}

/** The rows of a paged list resource: none until it has a value (loading, error). */
export function pageItems<T>(list: Resource<Paged<T> | undefined>): Signal<T[]> {
  return computed(() => (list.hasValue() ? (list.value()?.items ?? []) : []));
}

/** The total of a paged list resource: 0 until it has a value. */
export function pageTotal(list: Resource<Paged<unknown> | undefined>): Signal<number> {
  return computed(() => (list.hasValue() ? (list.value()?.total ?? 0) : 0));
}

/** The page asked for (from 1) and its size, added to a list's filters. */
export interface PageParams {
  page: number;
  pageSize: number;
}

/**
 * A list shown a page at a time (`tz-pager` under it): the `page` (from 1; `[(page)]="paged.page"`), the resource
 * asking for it with the filters of `query` and the page, its rows and its total. `filter` sets a filter and goes
 * back to the first page. Made in a field initializer (it makes a resource).
 */
export function pagedList<Q extends object, T>(
  pageSize: number,
  query: () => Q,
  load: (params: Q & PageParams) => Observable<Paged<T>>,
) {
  const page = signal(1);
  const list = rxResource({
    params: (): Q & PageParams => ({ ...query(), page: page(), pageSize }),
    stream: ({ params }) => load(params),
  });
  return {
    page,
    pageSize,
    list,
    items: pageItems(list),
    total: pageTotal(list),
    filter<V>(target: WritableSignal<V>, value: V): void {
      target.set(value);
      page.set(1);
    },
  };
}
