import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The head of a page: its title (`data-testid="page-title"`), the page's actions on the right (put them
 * inside) and an optional hint line under it.
 */
@Component({
  selector: 'tz-page-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-row head">
      <h1 class="tz-page-title" data-testid="page-title">{{ title() }}</h1>
      <span class="tz-spacer"></span>
      <ng-content />
    </div>
    @if (hint()) {
      <p class="hint">{{ hint() }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .head {
      margin-bottom: 16px;
    }
    .head .tz-page-title {
      margin: 0;
    }
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class PageHeaderComponent {
  /** Already translated. */
  readonly title = input.required<string>();
  readonly hint = input('');
}
