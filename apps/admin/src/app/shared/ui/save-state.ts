import { computed, inject, signal } from '@angular/core';
import type { Observable } from 'rxjs';
import type { TranslationParams } from '../../core/i18n/i18n.service';
import type { TranslationKey } from '../../core/i18n/zh-CN';
import { NotifyService } from '../../core/notify.service';

export interface SaveOptions<T> {
  /** Said when it worked: `common.saved` unless given; nothing when null. */
  success?: TranslationKey | null;
  successParams?: TranslationParams;
  /** Runs when it worked (after the busy flag is cleared and the user told). */
  done?: (value: T) => void;
  /**
   * Runs when it failed, after the busy flag is cleared. Return true when it told the user itself;
   * otherwise the API's own words (or a generic line) are shown.
   */
  failed?: (err: unknown) => boolean | void;
  /** For several saves at once (a retry per row): what this one is about; one save at a time per key. */
  key?: string;
}

/**
 * The save state every editing screen keeps: a busy flag for the buttons while a request runs, a short
 * "saved" note when it works and the API's words when it does not. Create it in a field initializer
 * (`protected readonly saving = saveState();`).
 */
export class SaveState {
  private readonly notify = inject(NotifyService);
  private readonly pending = signal<ReadonlySet<string>>(new Set());
  /** Some save is running. */
  readonly busy = computed(() => this.pending().size > 0);

  /** The save about `key` is running. */
  isBusy(key: string): boolean {
    return this.pending().has(key);
  }

  /** Sends `request` unless a save with the same key is running; false when it did not. */
  run<T>(request: Observable<T>, options: SaveOptions<T> = {}): boolean {
    const key = options.key ?? '';
    if (this.pending().has(key)) return false;
    this.pending.update((s) => new Set([...s, key]));
    const finish = () => this.pending.update((s) => new Set([...s].filter((k) => k !== key)));
    const success = options.success === undefined ? 'common.saved' : options.success;
    request.subscribe({
      next: (value) => {
        finish();
        if (success) this.notify.info(success, options.successParams);
        options.done?.(value);
      },
      error: (err: unknown) => {
        finish();
        if (options.failed?.(err) !== true) this.notify.error(err);
      },
    });
    return true;
  }
}

export function saveState(): SaveState {
  return new SaveState();
}
