import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { rxResource } from '@angular/core/rxjs-interop';
import type { CaseAction, UserDto } from '@taizhang/contracts';
import { catchError, of } from 'rxjs';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { actionDialog } from '../components/action-dialog.component';
import { CaseAttachmentsComponent } from '../components/case-attachments.component';
import { CaseHopsComponent } from '../components/case-hops.component';
import { ConfirmationLinkComponent } from '../components/confirmation-link.component';
import { AuthService } from '../../../core/auth/auth.service';
import { CaseTimelineComponent } from '../components/case-timeline.component';
import { SimilarCasesComponent } from '../components/similar-cases.component';
import { DeadlineStateComponent } from '../components/deadline-state.component';
import { CasesApi } from '../data/cases.api';
import { ACTION_FORMS } from '../data/case-actions';
import { keyedResource, valueOrNull } from '../../../shared/util/resource-value';

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
  templateUrl: './case-detail.page.html',
  styleUrl: './case-detail.page.scss',
})
export class CaseDetailPage {
  /** Route parameter, bound by the router. */
  readonly id = input.required<string>();

  private readonly api = inject(CasesApi);
  private readonly actionDialog = actionDialog();
  protected readonly ref = inject(ReferenceDataService);

  protected readonly detail = keyedResource(this.id, (id) => this.api.get(id));
  protected readonly stale = signal(false);
  /** 共性问题: similar pending cases at the same unit (none is no panel). */
  protected readonly similar = keyedResource(this.id, (id) =>
    this.api.similar(id).pipe(catchError(() => of([]))),
  );

  protected readonly current = valueOrNull(this.detail);
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
    const ref = this.actionDialog.open({ action, case: c });
    ref.afterClosed().subscribe((result) => {
      if (!result || result.kind === 'group') return;
      if (result.kind === 'stale') {
        this.stale.set(true);
        return;
      }
      this.actionDialog.done('caseDetail.done', action);
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
