import { ChangeDetectionStrategy, Component, OnDestroy, computed, input, model } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ATTACHMENT_ACCEPT } from '../data/attachments.api';

/**
 * Choose files to attach: straight from the phone's camera (`capture="environment"`) or from the files on
 * the device. Holds the chosen files (`files`, two-way) with a preview of each image; uploads nothing.
 */
@Component({
  selector: 'tz-attachment-picker',
  imports: [MatButtonModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="picker">
      <div class="tz-row buttons">
        <label class="pick" [class.disabled]="disabled()">
          <span>📷 {{ 'attachments.camera' | t }}</span>
          <input
            type="file"
            accept="image/*"
            capture="environment"
            data-testid="attachment-camera"
            [disabled]="disabled()"
            (change)="add($event)"
          />
        </label>
        <label class="pick" [class.disabled]="disabled()">
          <span>📎 {{ 'attachments.pickFile' | t }}</span>
          <input
            type="file"
            multiple
            [accept]="accept"
            data-testid="attachment-file"
            [disabled]="disabled()"
            (change)="add($event)"
          />
        </label>
      </div>
      <p class="hint">{{ 'attachments.hint' | t }}</p>
      @if (chosen().length) {
        <ul class="chosen" [attr.aria-label]="'attachments.chosen' | t" data-testid="attachment-chosen">
          @for (c of chosen(); track c.file) {
            <li>
              @if (c.preview) {
                <img [src]="c.preview" alt="" />
              } @else {
                <span class="icon" aria-hidden="true">📄</span>
              }
              <span class="name">{{ c.file.name }}</span>
              <button
                type="button"
                mat-icon-button
                [attr.aria-label]="'attachments.remove' | t: { name: c.file.name }"
                (click)="remove(c.file)"
              >
                ✕
              </button>
            </li>
          }
        </ul>
      }
    </div>
  `,
  styles: `
    .buttons {
      gap: 8px;
      flex-wrap: wrap;
    }
    .pick {
      position: relative;
      cursor: pointer;
      display: inline-flex;
      align-items: center;
      min-height: 40px;
      padding: 0 16px;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 20px;
    }
    .pick.disabled {
      opacity: 0.5;
      cursor: default;
    }
    .pick input {
      position: absolute;
      inset: 0;
      opacity: 0;
      width: 100%;
      cursor: inherit;
    }
    .hint {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      margin: 4px 0 0;
    }
    .chosen {
      list-style: none;
      padding: 0;
      margin: 8px 0 0;
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .chosen li {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .chosen img,
    .icon {
      width: 48px;
      height: 48px;
      object-fit: cover;
      border-radius: 6px;
      display: inline-flex;
      align-items: center;
      justify-content: center;
    }
    .name {
      flex: 1;
      overflow-wrap: anywhere;
    }
  `,
})
export class AttachmentPickerComponent implements OnDestroy {
  readonly files = model<File[]>([]);
  readonly disabled = input(false);
  protected readonly accept = ATTACHMENT_ACCEPT;
  private readonly previews = new Map<File, string>();

  protected readonly chosen = computed(() =>
    this.files().map((file) => ({ file, preview: this.previewOf(file) })),
  );

  protected add(event: Event): void {
    const el = event.target as HTMLInputElement;
    const picked = Array.from(el.files ?? []);
    el.value = '';
    if (picked.length) this.files.update((now) => [...now, ...picked]);
  }

  protected remove(file: File): void {
    const url = this.previews.get(file);
    if (url) URL.revokeObjectURL(url);
    this.previews.delete(file);
    this.files.update((now) => now.filter((f) => f !== file));
  }

  private previewOf(file: File): string | null {
    if (!file.type.startsWith('image/')) return null;
    let url = this.previews.get(file);
    if (!url) {
      url = URL.createObjectURL(file);
      this.previews.set(file, url);
    }
    return url;
  }

  ngOnDestroy(): void {
    for (const url of this.previews.values()) URL.revokeObjectURL(url);
  }
}
