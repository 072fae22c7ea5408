import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { RouterLink } from '@angular/router';
import type { CaseAction, CaseDto, UserDto } from '@taizhang/contracts';
import { catchError, of } from 'rxjs';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { NotifyService } from '../../../core/notify.service';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import {
  ActionDialogComponent,
  type ActionDialogData,
  type ActionDialogResult,
} from '../components/action-dialog.component';
import { CaseAttachmentsComponent } from '../components/case-attachments.component';
import { CaseHopsComponent } from '../components/case-hops.component';
import { ConfirmationLinkComponent } from '../components/confirmation-link.component';
import { AuthService } from '../../../core/auth/auth.service';
import { CaseTimelineComponent } from '../components/case-timeline.component';
import { SimilarCasesComponent } from '../components/similar-cases.component';
import { DeadlineStateComponent } from '../components/deadline-state.component';
import { CasesApi } from '../data/cases.api';
import { ACTION_FORMS } from '../data/case-actions';

@Component({
  selector: 'tz-case-detail-page',
  imports: [
    RouterLink,
    MatButtonModule,
    TPipe,
    TzDatePipe,
    LoadStateComponent,
    StatusBadgeComponent,
    CaseTimelineComponent,
    CaseHopsComponent,
    ConfirmationLinkComponent,
    CaseAttachmentsComponent,
    SimilarCasesComponent,
    DeadlineStateComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <a routerLink="/cases" class="back">← {{ 'caseDetail.back' | t }}</a>

      @if (stale()) {
        <div class="stale" role="alert" data-testid="stale-banner">
          <span>{{ 'caseDetail.stale' | t }}</span>
          <button mat-flat-button type="button" (click)="reload()" data-testid="stale-reload">
            {{ 'caseDetail.reload' | t }}
          </button>
        </div>
      }

      <tz-load-state
        [loading]="detail.isLoading() && !current()"
        [error]="current() ? null : detail.error()"
        (retry)="reload()"
      >
        @if (current(); as c) {
          <header class="head">
            <div class="tz-row">
              <h1 class="tz-page-title title">
                <span class="ledger-no" data-testid="case-ledger-no">{{ c.ledgerNo }}</span>
              </h1>
              <tz-status-badge [status]="c.status" data-testid="case-status" />
              <tz-deadline-state [case]="c" data-testid="case-deadline-state" />
              @if (c.priority === 'urgent') {
                <span class="urgent" data-testid="case-urgent-badge">{{ 'case.urgent' | t }}</span>
              }
            </div>
            <p class="case-title">{{ c.title }}</p>
            <p class="print-links">
              <a
                [routerLink]="['/cases', c.id, 'print']"
                [queryParams]="{ sheet: 'jiaoban' }"
                data-testid="case-print-jiaoban"
                >{{ 'caseDetail.printJiaoban' | t }}</a
              >
              ·
              <a
                [routerLink]="['/cases', c.id, 'print']"
                [queryParams]="{ sheet: 'duban' }"
                data-testid="case-print-duban"
                >{{ 'caseDetail.printDuban' | t }}</a
              >
            </p>
          </header>

          @if (actions().length) {
            <section class="tz-row actions" [attr.aria-label]="'caseDetail.actions' | t">
              @for (a of actions(); track a) {
                <button
                  [attr.data-testid]="'action-' + a"
                  type="button"
                  [class.danger]="destructive(a)"
                  mat-stroked-button
                  (click)="openAction(a)"
                  [disabled]="stale()"
                >
                  {{ 'action.' + a | t }}
                </button>
              }
            </section>
          }

          @if (mayLink()) {
            <tz-confirmation-link [case]="c" />
          }

          <div class="grid">
            <section class="tz-card" [attr.aria-labelledby]="'facts-h'">
              <h2 id="facts-h" class="h2">{{ 'caseDetail.facts' | t }}</h2>
              <dl class="facts">
                <dt>{{ 'case.enterprise' | t }}</dt>
                <dd>{{ c.enterprise.name }}</dd>
                <dt>{{ 'case.category' | t }}</dt>
                <dd>{{ ref.categoryLabel(c.categoryCode) }}</dd>
                <dt>{{ 'case.priority' | t }}</dt>
                <dd>{{ 'priority.' + c.priority | t }}</dd>
                <dt>{{ 'case.level' | t }}</dt>
                <dd>{{ 'level.' + c.level | t }}</dd>
                <dt>{{ 'case.unit' | t }}</dt>
                <dd>{{ c.unitName || ref.unitName(c.unitId) || '—' }}</dd>
                <dt>{{ 'case.assignee' | t }}</dt>
                <dd>{{ assigneeName() || '—' }}</dd>
                <dt>{{ 'case.openedAt' | t }}</dt>
                <dd>{{ c.openedAt | tzDate }}</dd>
                <dt>{{ 'case.respondBy' | t }}</dt>
                <dd>{{ (c.respondBy | tzDate) || '—' }}</dd>
                <dt>{{ 'case.resolveBy' | t }}</dt>
                <dd data-testid="case-resolve-by">{{ (c.resolveBy | tzDate) || '—' }}</dd>
                @if (c.extensionUntil) {
                  <dt>{{ 'case.extensionUntil' | t }}</dt>
                  <dd data-testid="case-extension-until">{{ c.extensionUntil | tzDate }}</dd>
                }
                @if (c.resolvedAt) {
                  <dt>{{ 'case.resolvedAt' | t }}</dt>
                  <dd>{{ c.resolvedAt | tzDate }}</dd>
                }
                @if (c.closedAt) {
                  <dt>{{ 'case.closedAt' | t }}</dt>
                  <dd>{{ c.closedAt | tzDate }}</dd>
                }
                @if (c.rating) {
                  <dt>{{ 'case.rating' | t }}</dt>
                  <dd data-testid="case-rating">
                    <span class="stars" [attr.aria-label]="c.rating + ' / 5'">{{ stars(c.rating) }}</span>
                    {{ 'rating.' + c.rating | t }}
                    @if (c.confirmedBy) {
                      · {{ 'confirmedBy.' + c.confirmedBy | t }}
                    }
                  </dd>
                  @if (c.ratingComment) {
                    <dt>{{ 'case.ratingComment' | t }}</dt>
                    <dd data-testid="case-rating-comment">{{ c.ratingComment }}</dd>
                  }
                } @else if (c.satisfied !== null) {
                  <dt>{{ 'case.satisfied' | t }}</dt>
                  <dd>{{ (c.satisfied ? 'common.yes' : 'common.no') | t }}</dd>
                }
              </dl>
              <h3 class="h3">{{ 'case.description' | t }}</h3>
              <p class="text">{{ c.description }}</p>
              @if (c.resolution) {
                <h3 class="h3">{{ 'case.resolution' | t }}</h3>
                <p class="text" data-testid="case-resolution">{{ c.resolution }}</p>
              }
            </section>

            <section class="tz-card" aria-labelledby="timeline-h">
              <h2 id="timeline-h" class="h2">{{ 'timeline.title' | t }}</h2>
              <tz-case-timeline [events]="c.events ?? []" />
              @if (c.hops) {
                <h3 id="hops-h" class="h3 hops-h">{{ 'hops.title' | t }}</h3>
                <tz-case-hops [hops]="c.hops" aria-labelledby="hops-h" />
              }
            </section>
          </div>
          <tz-case-attachments [caseId]="c.id" [version]="c.version" />

          @if (similar.hasValue() && similar.value().length) {
            <section class="tz-card similar" aria-labelledby="similar-h">
              <h2 id="similar-h" class="h2">{{ 'similar.title' | t }}</h2>
              <p class="muted">{{ 'similar.hint' | t }}</p>
              <tz-similar-cases [items]="similar.value()" />
            </section>
          }
        }
      </tz-load-state>
    </div>
  `,
  styles: `
    .back {
      display: inline-block;
      margin-bottom: 12px;
    }
    .head {
      margin-bottom: 12px;
    }
    .title {
      margin: 0;
    }
    .ledger-no {
      font-family: ui-monospace, monospace;
    }
    .case-title {
      font: var(--mat-sys-title-medium);
      margin: 8px 0 0;
      overflow-wrap: anywhere;
    }
    .urgent {
      color: #b71c1c;
      font: var(--mat-sys-label-large);
    }
    .actions {
      margin-bottom: 16px;
      gap: 8px;
    }
    .danger {
      color: var(--mat-sys-error);
    }
    .stale {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
      padding: 12px 16px;
      margin-bottom: 12px;
      border-radius: 12px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .grid {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      gap: 16px;
      align-items: start;
    }
    .h3 {
      font: var(--mat-sys-title-small);
      margin: 16px 0 4px;
    }
    .hops-h {
      margin-top: 8px;
      margin-bottom: 8px;
    }
    .facts {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 6px 16px;
      margin: 0;
    }
    .facts dt {
      color: var(--mat-sys-on-surface-variant);
    }
    .facts dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .stars {
      color: #f9a825;
      letter-spacing: 1px;
    }
    .text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      margin: 0;
    }
    .similar {
      margin-top: 16px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      margin: 0 0 8px;
    }
    @media (max-width: 839px) {
      .grid {
        grid-template-columns: minmax(0, 1fr);
      }
    }
  `,
})
export class CaseDetailPage {
  /** Route parameter, bound by the router. */
  readonly id = input.required<string>();

  private readonly api = inject(CasesApi);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  protected readonly i18n = inject(I18nService);
  protected readonly ref = inject(ReferenceDataService);

  protected readonly detail = rxResource({
    params: () => this.id(),
    stream: ({ params }) => this.api.get(params),
  });
  protected readonly stale = signal(false);
  /** 共性问题: similar pending cases at the same unit (none is no panel). */
  protected readonly similar = rxResource({
    params: () => this.id(),
    stream: ({ params }) => this.api.similar(params).pipe(catchError(() => of([]))),
  });

  protected readonly current = computed<CaseDto | null>(() =>
    this.detail.hasValue() ? this.detail.value() : null,
  );
  protected readonly actions = computed<CaseAction[]>(() => this.current()?.allowedActions ?? []);
  private readonly auth = inject(AuthService);
  /** A resolved case the user speaks for (instructor, admin) or whose town he coordinates: 生成确认链接. */
  protected readonly mayLink = computed(
    () =>
      this.current()?.status === 'resolved' &&
      !this.stale() &&
      (this.actions().includes('confirm') || this.auth.role() === 'coordinator'),
  );

  protected stars(n: number): string {
    return '★'.repeat(n) + '☆'.repeat(Math.max(0, 5 - n));
  }

  private readonly users = rxResource<UserDto[], string | undefined>({
    params: () => this.current()?.unitId,
    stream: ({ params }) => (params ? this.api.usersOfUnit(params).pipe(catchError(() => of([]))) : of([])),
  });
  protected readonly assigneeName = computed(() => {
    const c = this.current();
    if (!c?.assigneeId) return '';
    const users = this.users.hasValue() ? this.users.value() : [];
    const user = users.find((u) => u.id === c.assigneeId);
    if (user) return user.displayName;
    const assignEvent = [...(c.events ?? [])]
      .reverse()
      .find((e) => e.payload?.['assigneeId'] === c.assigneeId);
    return assignEvent?.type === 'accept' ? (assignEvent.actorName ?? '') : '';
  });

  protected destructive(action: CaseAction): boolean {
    return ACTION_FORMS[action].destructive;
  }

  protected openAction(action: CaseAction): void {
    const c = this.current();
    if (!c) return;
    const ref = this.dialog.open<ActionDialogComponent, ActionDialogData, ActionDialogResult>(
      ActionDialogComponent,
      {
        data: { action, case: c },
        autoFocus: 'first-tabbable',
        maxWidth: '95vw',
      },
    );
    ref.afterClosed().subscribe((result) => {
      if (!result || result.kind === 'group') return;
      if (result.kind === 'stale') {
        this.stale.set(true);
        return;
      }
      this.notify.info('caseDetail.done', { action: this.i18n.t(`action.${action}`) });
      // The response is the updated case; if it lacks the timeline, the allowed actions or the time held
      // per unit, fetch it whole.
      if (result.case.events && result.case.allowedActions && result.case.hops) this.detail.set(result.case);
      else this.detail.reload();
    });
  }

  protected reload(): void {
    this.stale.set(false);
    this.detail.reload();
  }
}
