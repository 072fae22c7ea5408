import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { AuthService } from '../../../core/auth/auth.service';
import { TzDatePipe } from '../../../core/i18n/t.pipe';
import { DATA_PAGE_IMPORTS } from '../../../shared/ui/data-page';
import { TableStateComponent } from '../../../shared/ui/table-state.component';
import { saveState } from '../../../shared/ui/save-state';
import { TableComponent } from '../../../shared/ui/table.component';
import { AdminApi, type AdminJob } from '../data/admin.api';
import { queueBoardUrl } from '../../../core/layout/nav';
import { pageItems, pageTotal } from '../../../shared/util/paged';

/** Failed background jobs across the queues, newest first, each with a retry; the full dashboard a link away. */
@Component({
  selector: 'tz-failed-jobs-page',
  imports: [...DATA_PAGE_IMPORTS, TableStateComponent, MatButtonModule, TzDatePipe, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './failed-jobs.page.html',
  styleUrl: './failed-jobs.page.scss',
})
export class FailedJobsPage {
  private readonly api = inject(AdminApi);
  private readonly auth = inject(AuthService);
  protected readonly jobs = rxResource({ stream: () => this.api.failedJobs() });
  protected readonly items = pageItems(this.jobs);
  protected readonly total = pageTotal(this.jobs);
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
