import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { SimilarCaseDto } from '@taizhang/contracts';
import { TPipe } from '../../../core/i18n/t.pipe';

/** 共性问题: the similar pending cases the API suggests (while opening a case, and on a case's page). */
@Component({
  selector: 'tz-similar-cases',
  imports: [RouterLink, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="list" data-testid="similar-cases">
      @for (s of items(); track s.id) {
        <li class="item" data-testid="similar-case">
          <a [routerLink]="['/cases', s.id]" [attr.target]="newTab() ? '_blank' : null" class="ledger-no">{{
            s.ledgerNo
          }}</a>
          <span class="title">{{ s.title }}</span>
          <span class="muted">{{ s.enterpriseName }}</span>
          <!-- plain text, not a tz-status-badge: the page's own status badge stays the only one -->
          <span class="muted" [attr.data-similar-status]="s.status">{{ 'status.' + s.status | t }}</span>
          <span class="muted" [attr.title]="'similar.score' | t">{{ (s.score * 100).toFixed(0) }}%</span>
          @if (s.commonProblemId) {
            <a [routerLink]="['/common-problems', s.commonProblemId]" class="group">{{
              'similar.inGroup' | t
            }}</a>
          }
        </li>
      }
    </ul>
  `,
  styles: `
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 6px;
    }
    .item {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .ledger-no {
      font-family: ui-monospace, monospace;
    }
    .title {
      overflow-wrap: anywhere;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
})
export class SimilarCasesComponent {
  readonly items = input.required<SimilarCaseDto[]>();
  /** Open the links in a new tab (the open-case form keeps what was typed). */
  readonly newTab = input(false);
}
