import { ChangeDetectionStrategy, Component, Directive, ViewEncapsulation, input } from '@angular/core';

/**
 * A row of filter chips: `<div tzChipGroup role="group">` with `<button [tzChip]="on">` inside.
 * The styles are global (no encapsulation) but only for `.tz-chip-group`, and load with the first page that
 * uses it.
 */
@Component({
  // An attribute on the element it styles (as mat-table does), so the pages' DOM stays as it was.
  // eslint-disable-next-line @angular-eslint/component-selector
  selector: '[tzChipGroup]',
  host: { class: 'tz-chip-group' },
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  template: `<ng-content />`,
  styles: `
    .tz-chip-group {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-bottom: 12px;
    }
    .tz-chip-group .chip {
      font: var(--mat-sys-label-large);
      padding: 6px 14px;
      border-radius: 16px;
      border: 1px solid var(--mat-sys-outline);
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
      cursor: pointer;
    }
    .tz-chip-group .chip.on {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      border-color: transparent;
    }
  `,
})
export class ChipGroupComponent {}

/** One filter chip of a `tzChipGroup`: a toggle button, pressed (`on`) when its filter is the one applied. */
@Directive({
  selector: 'button[tzChip]',
  host: { type: 'button', class: 'chip', '[class.on]': 'on()', '[attr.aria-pressed]': 'on()' },
})
export class ChipDirective {
  readonly on = input.required<boolean>({ alias: 'tzChip' });
}

/** The filter chips: a `tzChipGroup` and its `tzChip` buttons, for a component's `imports`. */
export const FILTER_CHIPS = [ChipGroupComponent, ChipDirective] as const;
