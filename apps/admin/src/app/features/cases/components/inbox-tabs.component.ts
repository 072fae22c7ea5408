import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TPipe } from '../../../core/i18n/t.pipe';
import type { InboxTab } from '../data/ledger-query';

/** The ledger's inbox tabs (待我处理, 我发起的 …): links to the ledger with the tab's filters. */
@Component({
  selector: 'tz-inbox-tabs',
  imports: [RouterLink, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="inbox" [attr.aria-label]="'inbox.label' | t">
      @for (tab of tabs(); track tab.key) {
        <a
          class="tab"
          routerLink="/cases"
          [queryParams]="tab.params"
          [class.active]="active() === tab.key"
          [attr.aria-current]="active() === tab.key ? 'page' : null"
          [attr.data-testid]="'inbox-' + tab.key"
          >{{ 'inbox.' + tab.key | t }}</a
        >
      }
    </nav>
  `,
  styles: `
    :host {
      display: block;
    }
    .inbox {
      display: flex;
      gap: 4px;
      margin-bottom: 12px;
      overflow-x: auto;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      scrollbar-width: thin;
    }
    .tab {
      flex: 0 0 auto;
      padding: 10px 14px;
      text-decoration: none;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-title-small);
      border-bottom: 3px solid transparent;
      white-space: nowrap;
    }
    .tab:hover {
      background: var(--mat-sys-surface-container);
    }
    .tab.active {
      color: var(--mat-sys-primary);
      border-bottom-color: var(--mat-sys-primary);
    }
  `,
})
export class InboxTabsComponent {
  readonly tabs = input.required<readonly InboxTab[]>();
  readonly active = input<string | null>(null);
}
