import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { apiErrorText } from '../../../core/api/error-text';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ExportJobStore } from '../data/export-job.store';

/** The ledger's export job: a progress bar while the worker builds it, then a download button. */
@Component({
  selector: 'tz-export-progress',
  imports: [MatProgressBarModule, MatButtonModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (store.visible()) {
      <section class="tz-card export" data-testid="export-progress" [attr.aria-label]="'exportJob.label' | t">
        <div class="tz-row line">
          <span role="status" aria-live="polite" data-testid="export-status">{{ text() }}</span>
          <span class="tz-spacer"></span>
          @if (job()?.status === 'done') {
            <button
              mat-flat-button
              type="button"
              (click)="store.download()"
              [disabled]="store.downloading()"
              data-testid="export-download"
            >
              {{ 'exportJob.download' | t }}
            </button>
          }
          @if (!store.busy()) {
            <button mat-button type="button" (click)="store.dismiss()" data-testid="export-dismiss">
              {{ 'common.close' | t }}
            </button>
          }
        </div>
        @if (store.busy()) {
          <mat-progress-bar
            [mode]="mode()"
            [value]="job()?.percent ?? 0"
            [attr.aria-label]="'exportJob.label' | t"
            data-testid="export-bar"
          />
        }
      </section>
    }
  `,
  styles: `
    .export {
      display: flex;
      flex-direction: column;
      gap: 8px;
      padding: 12px 16px;
      margin-bottom: 12px;
    }
    .line {
      gap: 8px;
      flex-wrap: wrap;
    }
  `,
})
export class ExportProgressComponent {
  protected readonly store = inject(ExportJobStore);
  private readonly i18n = inject(I18nService);

  protected readonly job = this.store.job;
  /** Indeterminate until the worker has counted the rows. */
  protected readonly mode = computed(() => (this.job()?.total == null ? 'indeterminate' : 'determinate'));
  protected readonly text = computed(() => {
    const error = this.store.error();
    if (error) return apiErrorText(this.i18n, error, 'ledger.exportFailed');
    const job = this.job();
    if (!job) return this.i18n.t('exportJob.starting');
    const n = (v: number | null) => this.i18n.formatNumber(v ?? 0, 0);
    switch (job.status) {
      case 'queued':
        return this.i18n.t('exportJob.queued');
      case 'running':
        return job.total == null
          ? this.i18n.t('exportJob.counting')
          : this.i18n.t('exportJob.running', {
              done: n(job.doneRows),
              total: n(job.total),
              percent: job.percent,
            });
      case 'done':
        return this.i18n.t('exportJob.done', { total: n(job.total) });
      case 'failed':
        return this.i18n.t('exportJob.failed');
    }
  });
}
