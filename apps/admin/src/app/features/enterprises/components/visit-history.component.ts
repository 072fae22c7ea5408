import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { VisitsApi } from '../data/visits.api';
import { pageItems } from '../../../shared/util/paged';

/** An enterprise's visits, newest first (the last 50). `version` changes when a visit was just recorded. */
@Component({
  selector: 'tz-visit-history',
  imports: [RouterLink, TPipe, LoadStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <tz-load-state [resource]="visits" [empty]="items().length === 0" [emptyText]="'visits.empty' | t">
      <ol class="visits tz-stack" data-testid="visit-history">
        @for (v of items(); track v.id) {
          <li class="visit" data-testid="visit-row">
            <div class="head">
              <strong>{{ i18n.formatDateTime(v.visitedAt) }}</strong>
              <span class="meta">{{ 'visits.by' | t: { name: v.visitorName } }}</span>
            </div>
            <div class="note">{{ v.note }}</div>
            <div class="meta">
              @if (v.resumption) {
                <span>{{
                  'visits.reported'
                    | t
                      : { status: i18n.t('resumption.' + v.resumption), returned: v.returnedHeadcount ?? '—' }
                }}</span>
              }
              @if (v.problemsRaised > 0) {
                <span>{{ 'visits.problems' | t: { count: v.problemsRaised } }}</span>
              }
              @for (id of v.caseIds; track id) {
                <a [routerLink]="['/cases', id]">{{ 'visits.casesOpened' | t: { count: 1 } }}</a>
              }
            </div>
          </li>
        }
      </ol>
    </tz-load-state>
  `,
  styles: `
    .visit {
      border-left: 3px solid var(--mat-sys-primary);
      padding: 4px 0 4px 10px;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: baseline;
    }
    .note {
      overflow-wrap: anywhere;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
})
export class VisitHistoryComponent {
  readonly enterpriseId = input.required<string>();
  readonly version = input(0);
  protected readonly i18n = inject(I18nService);
  private readonly api = inject(VisitsApi);

  protected readonly visits = rxResource({
    params: () => ({ id: this.enterpriseId(), v: this.version() }),
    stream: ({ params }) => this.api.list(params.id, 1, 50),
  });
  protected readonly items = pageItems(this.visits);
}
