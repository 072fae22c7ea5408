import { Resource, ResourceRef, Signal, computed } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { Observable } from 'rxjs';

/** A resource's value, null until it has one (while it loads, after an error). */
export function valueOrNull<T>(resource: Resource<T | undefined>): Signal<T | null> {
  return computed(() => (resource.hasValue() ? (resource.value() ?? null) : null));
}

/**
 * The record a page shows, fetched by `key` (the route's id or token) and again when the key changes.
 * Call it in a field initializer.
 */
export function keyedResource<T>(
  key: () => string,
  get: (key: string) => Observable<T>,
): ResourceRef<T | undefined> {
  return rxResource({ params: key, stream: ({ params }) => get(params) });
}
