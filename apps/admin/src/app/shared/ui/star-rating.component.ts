import { ChangeDetectionStrategy, Component, forwardRef, input, signal } from '@angular/core';
import { ControlValueAccessor, NG_VALUE_ACCESSOR } from '@angular/forms';

/**
 * A 1–5 star rating, nothing selected until the user picks (never pre-set). A radio group for assistive
 * technology and the keyboard (arrow keys move and pick); a form control (`formControlName`) or a plain
 * `[value]`/`(change)` pair. Big touch targets for phones.
 */
@Component({
  selector: 'tz-star-rating',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => StarRatingComponent), multi: true },
  ],
  template: `
    <div class="stars" role="radiogroup" [attr.aria-label]="label()">
      @for (n of stars; track n) {
        <button
          type="button"
          role="radio"
          class="star"
          [class.on]="(value() ?? 0) >= n"
          [attr.aria-checked]="value() === n"
          [attr.aria-label]="n + ' / 5'"
          [attr.tabindex]="(value() ?? 1) === n ? 0 : -1"
          [attr.data-testid]="testId() + '-' + n"
          [disabled]="disabled()"
          (click)="pick(n)"
          (keydown)="key($event)"
        >
          {{ (value() ?? 0) >= n ? '★' : '☆' }}
        </button>
      }
      @if (value(); as v) {
        <span class="caption" [attr.data-testid]="testId() + '-value'">{{ captions()[v - 1] }}</span>
      }
    </div>
  `,
  styles: `
    .stars {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 4px;
    }
    .star {
      min-width: 44px;
      min-height: 44px;
      border: none;
      background: transparent;
      font-size: 32px;
      line-height: 1;
      cursor: pointer;
      color: var(--mat-sys-outline);
      padding: 0;
    }
    .star.on {
      color: #f9a825;
    }
    .star:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      border-radius: 8px;
    }
    .caption {
      margin-left: 8px;
      font: var(--mat-sys-body-large);
    }
  `,
})
export class StarRatingComponent implements ControlValueAccessor {
  /** The group's accessible name. */
  readonly label = input('');
  /** Words for 1…5 (shown next to the stars once picked). */
  readonly captions = input<readonly string[]>(['1', '2', '3', '4', '5']);
  readonly testId = input('star');

  protected readonly stars = [1, 2, 3, 4, 5];
  protected readonly value = signal<number | null>(null);
  protected readonly disabled = signal(false);
  private onChange: (v: number | null) => void = () => undefined;
  private onTouched: () => void = () => undefined;

  protected pick(n: number): void {
    this.value.set(n);
    this.onChange(n);
    this.onTouched();
  }

  protected key(e: KeyboardEvent): void {
    const v = this.value() ?? 0;
    if (e.key === 'ArrowRight' || e.key === 'ArrowUp') this.pick(Math.min(5, v + 1));
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') this.pick(Math.max(1, v - 1));
    else return;
    e.preventDefault();
  }

  writeValue(v: number | null): void {
    this.value.set(typeof v === 'number' && v >= 1 && v <= 5 ? v : null);
  }
  registerOnChange(fn: (v: number | null) => void): void {
    this.onChange = fn;
  }
  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }
  setDisabledState(d: boolean): void {
    this.disabled.set(d);
  }
}
