import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { AttachmentDto } from '@taizhang/contracts';
import { catchError, map, of } from 'rxjs';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { NotifyService } from '../../../core/notify.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { uploadAll } from '../data/attachment-upload';
import { AttachmentsApi } from '../data/attachments.api';
import { AttachmentPickerComponent } from './attachment-picker.component';

/** File sizes as people read them. */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The files of a case: a grid of thumbnails for the photos (fetched with the token, shown as object URLs),
 * the other files as a list, each downloadable; and the pickers to add more (camera or files).
 */
@Component({
  selector: 'tz-case-attachments',
  imports: [
    MatButtonModule,
    MatProgressBarModule,
    TPipe,
    TzDatePipe,
    LoadStateComponent,
    AttachmentPickerComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './case-attachments.component.html',
  styleUrl: './case-attachments.component.css',
})
export class CaseAttachmentsComponent {
  readonly caseId = input.required<string>();
  /** The case's version: a new one (an action, possibly with files) reloads the list. */
  readonly version = input<number>(0);

  private readonly api = inject(AttachmentsApi);
  private readonly notify = inject(NotifyService);
  private readonly i18n = inject(I18nService);

  protected readonly list = rxResource({
    params: () => this.caseId(),
    stream: ({ params }) => this.api.list(params).pipe(map((page) => page.items)),
  });
  protected readonly items = computed<AttachmentDto[]>(() => (this.list.hasValue() ? this.list.value() : []));
  protected readonly photos = computed(() => this.items().filter((a) => a.hasThumbnail));
  protected readonly others = computed(() => this.items().filter((a) => !a.hasThumbnail));
  /** Thumbnail object URLs by attachment id (revoked when the component goes). */
  protected readonly thumbs = signal<Record<string, string>>({});
  protected readonly pending = signal<File[]>([]);
  protected readonly uploading = signal(false);
  /** What went wrong with the last batch, one line a file. */
  protected readonly failures = signal<string[]>([]);
  protected readonly size = sizeLabel;

  constructor() {
    // a new version of the case (an action, perhaps with files): read the list again, keeping the shown one meanwhile
    let seen: number | null = null;
    effect(() => {
      const v = this.version();
      if (seen !== null && v !== seen) untracked(() => this.list.reload());
      seen = v;
    });
    effect(() => {
      for (const a of this.photos()) {
        if (this.thumbs()[a.id] !== undefined) continue;
        this.thumbs.update((t) => ({ ...t, [a.id]: '' }));
        this.api
          .thumbnail(a.id)
          .pipe(catchError(() => of(null)))
          .subscribe((blob) => {
            if (blob) this.thumbs.update((t) => ({ ...t, [a.id]: URL.createObjectURL(blob) }));
          });
      }
    });
    inject(DestroyRef).onDestroy(() => {
      for (const url of Object.values(this.thumbs())) if (url) URL.revokeObjectURL(url);
    });
    // a file chosen here is uploaded at once
    effect(() => {
      const files = this.pending();
      if (files.length && !this.uploading()) this.upload(files);
    });
  }

  private upload(files: File[]): void {
    this.uploading.set(true);
    this.pending.set([]);
    uploadAll(this.api, this.caseId(), files).subscribe((outcomes) => {
      this.uploading.set(false);
      this.failures.set(
        outcomes.flatMap((o) =>
          o.ok
            ? []
            : [
                o.tooLarge
                  ? this.i18n.t('attachments.tooLarge', { name: o.file.name })
                  : this.i18n.t('attachments.failed', {
                      name: o.file.name,
                      reason: this.notify.describe(o.error),
                    }),
              ],
        ),
      );
      const done = outcomes.filter((o) => o.ok).length;
      if (done) {
        this.notify.info('attachments.uploaded', { count: done });
        this.list.reload();
      }
    });
  }

  protected download(a: AttachmentDto): void {
    this.api.file(a.id).subscribe({
      next: (blob) => {
        const url = URL.createObjectURL(blob);
        const link = document.createElement('a');
        link.href = url;
        link.download = a.fileName;
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      },
      error: (e: unknown) => this.notify.error(e),
    });
  }

  protected by(a: AttachmentDto): string {
    return a.uploaderName ? this.i18n.t('attachments.by', { name: a.uploaderName }) : '';
  }
}
