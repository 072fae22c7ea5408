import type { Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { AbstractControl } from '@angular/forms';
import { debounceTime, distinctUntilChanged, map, startWith } from 'rxjs';

/** What a search box holds, trimmed, once the typing has paused (call it in a field initializer). */
export function searchText(control: AbstractControl<string>, ms = 250): Signal<string> {
  return toSignal(
    control.valueChanges.pipe(
      startWith(''),
      debounceTime(ms),
      map((q) => q.trim()),
      distinctUntilChanged(),
    ),
    { initialValue: '' },
  );
}
