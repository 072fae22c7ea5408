import { Resource, Signal, computed } from '@angular/core';

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
