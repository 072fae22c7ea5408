import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { CaseAction, CaseDto, CommonProblemDetailDto } from '@taizhang/contracts';
import { PENDING_STATUSES } from '@taizhang/contracts';
import type { Observable } from 'rxjs';
import type { TranslationKey } from '../../../core/i18n/zh-CN';
import { AuthService } from '../../../core/auth/auth.service';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { NotifyService } from '../../../core/notify.service';
import { TableComponent } from '../../../shared/ui/table.component';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { OverdueBadgeComponent, StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { actionDialog } from '../../cases/components/action-dialog.component';
import { CasePickerComponent } from '../components/case-picker.component';
import { CommonProblemsApi } from '../data/common-problems.api';
import { keyedResource, valueOrNull } from '../../../shared/util/resource-value';
import { CancelSubmitComponent } from '../../../shared/ui/cancel-submit.component';

/** What a group can do at once (the API's GROUP_ACTIONS), by who may: managers urge and comment. */
const GROUP_ACTIONS: readonly CaseAction[] = ['assign', 'escalate', 'resolve', 'comment'];
const MANAGER_ACTIONS: readonly CaseAction[] = ['urge', 'comment'];

/** 共性问题: its members, how many enterprises, add/remove members, and one action for all (the case action dialog). */
@Component({
  selector: 'tz-common-problem-detail-page',
  imports: [
    CancelSubmitComponent,
    TableComponent,
    RouterLink,
    MatButtonModule,
    TPipe,
    TzDatePipe,
    LoadStateComponent,
    StatusBadgeComponent,
    OverdueBadgeComponent,
    CasePickerComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './common-problem-detail.page.html',
  styleUrl: './common-problem-detail.page.css',
})
export class CommonProblemDetailPage {
  /** Route parameter, bound by the router. */
  readonly id = input.required<string>();

  private readonly api = inject(CommonProblemsApi);
  private readonly actionDialog = actionDialog();
  private readonly notify = inject(NotifyService);
  private readonly auth = inject(AuthService);

  protected readonly detail = keyedResource(this.id, (id) => this.api.get(id));
  protected readonly current = valueOrNull(this.detail);
  protected readonly mayChange = computed(() => this.auth.hasRole('coordinator', 'bureau_officer', 'admin'));
  protected readonly actions = computed<readonly CaseAction[]>(() => {
    const g = this.current();
    if (!g || g.pendingCount === 0) return this.auth.hasRole('manager') ? [] : g ? ['comment'] : [];
    if (this.auth.hasRole('manager')) return MANAGER_ACTIONS;
    return this.auth.hasRole('admin') ? [...GROUP_ACTIONS, 'urge'] : GROUP_ACTIONS;
  });
  protected readonly memberIds = computed(() => this.current()?.members.map((m) => m.caseId) ?? []);

  protected readonly adding = signal(false);
  protected readonly picked = signal<CaseDto[]>([]);
  protected readonly busy = signal(false);

  protected openAction(action: CaseAction): void {
    const g = this.current();
    if (!g) return;
    const pending = g.members.find((m) => (PENDING_STATUSES as readonly string[]).includes(m.status));
    const ref = this.actionDialog.open({
      action,
      group: {
        title: g.title,
        unitId: pending?.unitId ?? g.unitId ?? '',
        submit: (request) => this.api.act(g.id, request),
      },
    });
    ref.afterClosed().subscribe((result) => {
      if (result?.kind !== 'group') return;
      const updated = result.answer as CommonProblemDetailDto;
      this.actionDialog.done('commonProblems.actDone', action, { count: updated.members.length });
      this.detail.set(updated);
    });
  }

  protected addPicked(): void {
    const g = this.current();
    const ids = this.picked().map((c) => c.id);
    if (!g || !ids.length || this.busy()) return;
    this.change(this.api.addMembers(g.id, ids), 'commonProblems.added', () => {
      this.picked.set([]);
      this.adding.set(false);
    });
  }

  protected remove(caseId: string): void {
    const g = this.current();
    if (!g || this.busy()) return;
    this.change(this.api.removeMember(g.id, caseId), 'commonProblems.removed');
  }

  /** A change of the members, one at a time: the group as it is after it, and a notice (or the error). */
  private change(
    request: Observable<CommonProblemDetailDto>,
    success: TranslationKey,
    after?: () => void,
  ): void {
    this.busy.set(true);
    request.subscribe({
      next: (updated) => {
        this.busy.set(false);
        after?.();
        this.detail.set(updated);
        this.notify.info(success);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.notify.error(err);
      },
    });
  }
}
