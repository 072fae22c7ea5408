import { DestroyRef, Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import type { CaseListQuery, CreateExportRequest, ExportDto } from '@taizhang/contracts';
import { Subscription, retry, switchMap, takeWhile, timer } from 'rxjs';
import { saveBlob } from '../../../shared/util/save-blob';
import { ExportsApi } from './exports.api';

/**
 * Above this many rows the ledger's export runs as a worker job (progress bar, then a download); up to it
 * the workbook is downloaded directly, at once, without depending on the worker.
 */
export const ASYNC_EXPORT_THRESHOLD = 5000;
/** How often a running export is asked for its progress. */
export const EXPORT_POLL_MS = 1000;

/** How a finished file reaches the user (a test seam). */
export const SAVE_FILE = new InjectionToken<(blob: Blob, fileName: string) => void>('SAVE_FILE', {
  providedIn: 'root',
  factory: () => saveBlob,
});

const NOT_FILTERS = ['page', 'pageSize', 'sort', 'cursor'];

/** The filters of the ledger, as an export takes them: no paging, sort or cursor. */
export function exportRequestOf(query: CaseListQuery): CreateExportRequest {
  const request: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && !NOT_FILTERS.includes(key)) request[key] = value;
  }
  if (typeof request['status'] === 'string') request['status'] = [request['status']];
  return request;
}

const RUNNING: ReadonlySet<ExportDto['status']> = new Set(['queued', 'running']);

/**
 * One export job of the ledger page (provided by the page, so it ends with it): start it, poll
 * GET /api/exports/:id every second until it is done or failed, then offer the download.
 */
@Injectable()
export class ExportJobStore {
  private readonly api = inject(ExportsApi);
  private readonly save = inject(SAVE_FILE);
  private poll: Subscription | null = null;

  private readonly jobState = signal<ExportDto | null>(null);
  private readonly errorState = signal<unknown>(null);
  readonly job = this.jobState.asReadonly();
  /** Why starting, following or downloading failed (the job itself failing is `job().status === 'failed'`). */
  readonly error = this.errorState.asReadonly();
  readonly starting = signal(false);
  readonly downloading = signal(false);
  /** Queued or running (or being asked for). */
  readonly busy = computed(() => this.starting() || RUNNING.has(this.jobState()?.status ?? 'done'));
  readonly visible = computed(
    () => this.starting() || this.jobState() !== null || this.errorState() !== null,
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  start(query: CaseListQuery): void {
    this.stop();
    this.jobState.set(null);
    this.errorState.set(null);
    this.starting.set(true);
    this.poll = this.api.create(exportRequestOf(query)).subscribe({
      next: (job) => {
        this.starting.set(false);
        this.jobState.set(job);
        if (RUNNING.has(job.status)) this.follow(job.id);
      },
      error: (err: unknown) => {
        this.starting.set(false);
        this.errorState.set(err);
      },
    });
  }

  download(): void {
    const job = this.jobState();
    if (!job || job.status !== 'done' || this.downloading()) return;
    this.downloading.set(true);
    this.api.download(job.id).subscribe({
      next: (blob) => {
        this.downloading.set(false);
        this.save(blob, job.fileName);
      },
      error: (err: unknown) => {
        this.downloading.set(false);
        this.errorState.set(err);
      },
    });
  }

  dismiss(): void {
    this.stop();
    this.jobState.set(null);
    this.errorState.set(null);
  }

  private follow(id: string): void {
    this.poll = timer(EXPORT_POLL_MS, EXPORT_POLL_MS)
      .pipe(
        switchMap(() => this.api.get(id).pipe(retry({ count: 3, delay: EXPORT_POLL_MS }))),
        takeWhile((job) => RUNNING.has(job.status), true),
      )
      .subscribe({
        next: (job) => this.jobState.set(job),
        error: (err: unknown) => this.errorState.set(err),
      });
  }

  private stop(): void {
    this.poll?.unsubscribe();
    this.poll = null;
  }
}
