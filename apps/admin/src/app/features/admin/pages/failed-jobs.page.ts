import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { AuthService } from '../../../core/auth/auth.service';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { NotifyService } from '../../../core/notify.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { AdminApi, type AdminJob } from '../data/admin.api';
import { queueBoardUrl } from '../../../core/layout/nav';

/** Failed background jobs across the queues, newest first, each with a retry; the full dashboard a link away. */
@Component({
  selector: 'tz-failed-jobs-page',
  imports: [MatButtonModule, TPipe, TzDatePipe, LoadStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <div class="tz-row head">
        <h1 class="tz-page-title" data-testid="page-title">{{ 'jobs.title' | t }}</h1>
        <span class="tz-spacer"></span>
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
      </div>
      <p class="hint">{{ 'jobs.hint' | t }}</p>
      <tz-load-state
        [loading]="jobs.isLoading() && !jobs.hasValue()"
        [error]="jobs.error()"
        [empty]="items().length === 0"
        [emptyText]="'jobs.empty' | t"
        (retry)="jobs.reload()"
      >
        <div class="tz-table-wrap">
          <table class="simple">
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
                      [disabled]="retrying().has(key(j))"
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
    .head .tz-page-title {
      margin: 0;
    }
    .head {
      margin-bottom: 8px;
    }
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
    .simple {
      border-collapse: collapse;
      min-width: 100%;
    }
    .simple th,
    .simple td {
      text-align: left;
      padding: 8px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      vertical-align: top;
    }
    .simple .n {
      text-align: right;
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
    .nowrap {
      white-space: nowrap;
    }
  `,
})
export class FailedJobsPage {
  private readonly api = inject(AdminApi);
  private readonly notify = inject(NotifyService);
  private readonly auth = inject(AuthService);
  protected readonly jobs = rxResource({ stream: () => this.api.failedJobs() });
  protected readonly items = computed<AdminJob[]>(() =>
    this.jobs.hasValue() ? this.jobs.value().items : [],
  );
  protected readonly total = computed(() => (this.jobs.hasValue() ? this.jobs.value().total : 0));
  protected readonly retrying = signal<ReadonlySet<string>>(new Set());
  protected readonly boardUrl = computed(() => queueBoardUrl(this.auth.token()));

  protected key(j: AdminJob): string {
    return `${j.queue}/${j.id}`;
  }

  protected retry(j: AdminJob): void {
    const key = this.key(j);
    this.retrying.update((s) => new Set([...s, key]));
    const done = () => this.retrying.update((s) => new Set([...s].filter((k) => k !== key)));
    this.api.retryJob(j.queue, j.id).subscribe({
      next: () => {
        done();
        this.notify.info('jobs.retried');
        this.jobs.reload();
      },
      error: (err: unknown) => {
        done();
        this.notify.error(err);
        this.jobs.reload();
      },
    });
  }
}
