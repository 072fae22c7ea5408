import { inject, signal } from '@angular/core';
import type { Observable } from 'rxjs';
import type { TranslationKey } from '../../core/i18n/zh-CN';
import { NotifyService } from '../../core/notify.service';
import { saveBlob } from '../util/save-blob';

/**
 * A file the user asked for (an Excel export): a busy flag for its button while the request runs, the file
 * saved under its name when it comes, the API's words (or `failed`) when it does not. Create it in a field
 * initializer (`protected readonly download = downloadState();`).
 */
export class DownloadState {
  private readonly notify = inject(NotifyService);
  private readonly running = signal(false);
  /** The file is on its way. */
  readonly busy = this.running.asReadonly();

  /** Sends `request` unless one is running; saves its answer as `fileName()` (asked when the file is there). */
  run(
    request: Observable<Blob>,
    fileName: () => string,
    failed: TranslationKey = 'ledger.exportFailed',
  ): void {
    if (this.running()) return;
    this.running.set(true);
    request.subscribe({
      next: (blob) => {
        this.running.set(false);
        saveBlob(blob, fileName());
      },
      error: (err: unknown) => {
        this.running.set(false);
        this.notify.error(err, failed);
      },
    });
  }
}

export function downloadState(): DownloadState {
  return new DownloadState();
}
