import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { CaseAction, CaseDto, CommonProblemDetailDto } from '@taizhang/contracts';
import { PENDING_STATUSES } from '@taizhang/contracts';
import { AuthService } from '../../../core/auth/auth.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { NotifyService } from '../../../core/notify.service';
import { TableComponent } from '../../../shared/ui/table.component';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { OverdueBadgeComponent, StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { actionDialogOpener } from '../../cases/components/action-dialog.component';
import { CasePickerComponent } from '../components/case-picker.component';
import { CommonProblemsApi } from '../data/common-problems.api';
import { keyedResource, valueOrNull } from '../../../shared/util/resource-value';

/** What a group can do at once (the API's GROUP_ACTIONS), by who may: managers urge and comment. */
const GROUP_ACTIONS: readonly CaseAction[] = ['assign', 'escalate', 'resolve', 'comment'];
const MANAGER_ACTIONS: readonly CaseAction[] = ['urge', 'comment'];

/** 共性问题: its members, how many enterprises, add/remove members, and one action for all (the case action dialog). */
@Component({
  selector: 'tz-common-problem-detail-page',
  imports: [
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
  private readonly openDialog = actionDialogOpener();
  private readonly notify = inject(NotifyService);
  private readonly i18n = inject(I18nService);
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
    const ref = this.openDialog({
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
      this.notify.info('commonProblems.actDone', {
        action: this.i18n.t(`action.${action}`),
        count: updated.members.length,
      });
      this.detail.set(updated);
    });
  }

  protected addPicked(): void {
    const g = this.current();
    const ids = this.picked().map((c) => c.id);
    if (!g || !ids.length || this.busy()) return;
    this.busy.set(true);
    this.api.addMembers(g.id, ids).subscribe({
      next: (updated) => {
        this.busy.set(false);
        this.picked.set([]);
        this.adding.set(false);
        this.detail.set(updated);
        this.notify.info('commonProblems.added');
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.notify.error(err);
      },
    });
  }

  protected remove(caseId: string): void {
    const g = this.current();
    if (!g || this.busy()) return;
    this.busy.set(true);
    this.api.removeMember(g.id, caseId).subscribe({
      next: (updated) => {
        this.busy.set(false);
        this.detail.set(updated);
        this.notify.info('commonProblems.removed');
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.notify.error(err);
      },
    });
  }
}
