import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { AuthService } from '../../../core/auth/auth.service';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { PageHeaderComponent } from '../../../shared/ui/page-header.component';
import { saveState } from '../../../shared/ui/save-state';
import { TableComponent } from '../../../shared/ui/table.component';
import { AdminApi, type AdminJob } from '../data/admin.api';
import { queueBoardUrl } from '../../../core/layout/nav';

/** Failed background jobs across the queues, newest first, each with a retry; the full dashboard a link away. */
@Component({
  selector: 'tz-failed-jobs-page',
  imports: [MatButtonModule, TPipe, TzDatePipe, LoadStateComponent, PageHeaderComponent, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <tz-page-header [title]="'jobs.title' | t" [hint]="'jobs.hint' | t">
        <button mat-stroked-button type="button" (click)="jobs.reload()" data-testid="jobs-refresh">
          {{ 'jobs.refresh' | t }}
        </button>
        @if (boardUrl(); as url) {
          <a
            mat-flat-button
            [href]="url"
            target="_blank"
            rel="noopener noreferrer"
            data-testid="queue-board-link"
            >{{ 'nav.queueBoard' | t }}</a
          >
        }
      </tz-page-header>
      <tz-load-state
        [loading]="jobs.isLoading() && !jobs.hasValue()"
        [error]="jobs.error()"
        [empty]="items().length === 0"
        [emptyText]="'jobs.empty' | t"
        (retry)="jobs.reload()"
      >
        <div class="tz-table-wrap">
          <table tzTable class="top">
            <thead>
              <tr>
                <th scope="col">{{ 'jobs.queue' | t }}</th>
                <th scope="col">{{ 'jobs.name' | t }}</th>
                <th scope="col">{{ 'jobs.id' | t }}</th>
                <th scope="col" class="n">{{ 'jobs.attempts' | t }}</th>
                <th scope="col">{{ 'jobs.reason' | t }}</th>
                <th scope="col">{{ 'jobs.createdAt' | t }}</th>
                <th scope="col">
                  <span class="tz-visually-hidden">{{ 'jobs.retry' | t }}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              @for (j of items(); track j.queue + '/' + j.id) {
                <tr data-testid="job-row" [attr.data-job-id]="j.id">
                  <td>{{ j.queue }}</td>
                  <td>{{ j.name }}</td>
                  <td class="mono">{{ j.id }}</td>
                  <td class="n">{{ j.attemptsMade }}</td>
                  <td class="reason">{{ j.failedReason || '—' }}</td>
                  <td class="nowrap">{{ j.createdAt | tzDate }}</td>
                  <td>
                    <button
                      mat-stroked-button
                      type="button"
                      (click)="retry(j)"
                      [disabled]="retries.isBusy(key(j))"
                      data-testid="job-retry"
                    >
                      {{ 'jobs.retry' | t }}
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (total() > items().length) {
          <p class="hint">{{ 'jobs.more' | t: { shown: items().length, total: total() } }}</p>
        }
      </tz-load-state>
    </div>
  `,
  styles: `
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
    .mono {
      font-family: ui-monospace, monospace;
      font-size: 12px;
      overflow-wrap: anywhere;
      max-width: 180px;
    }
    .reason {
      max-width: 360px;
      overflow-wrap: anywhere;
      color: var(--mat-sys-error);
    }
  `,
})
export class FailedJobsPage {
  private readonly api = inject(AdminApi);
  private readonly auth = inject(AuthService);
  protected readonly jobs = rxResource({ stream: () => this.api.failedJobs() });
  protected readonly items = computed<AdminJob[]>(() =>
    this.jobs.hasValue() ? this.jobs.value().items : [],
  );
  protected readonly total = computed(() => (this.jobs.hasValue() ? this.jobs.value().total : 0));
  protected readonly retries = saveState();
  protected readonly boardUrl = computed(() => queueBoardUrl(this.auth.token()));

  protected key(j: AdminJob): string {
    return `${j.queue}/${j.id}`;
  }

  protected retry(j: AdminJob): void {
    this.retries.run(this.api.retryJob(j.queue, j.id), {
      key: this.key(j),
      success: 'jobs.retried',
      done: () => this.jobs.reload(),
      failed: () => this.jobs.reload(),
    });
  }
}
