import { BreakpointObserver } from '@angular/cdk/layout';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { CaseDto } from '@taizhang/contracts';
import { map } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { NotifyService } from '../../../core/notify.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { CASE_OPENER_ROLES } from '../../../core/layout/nav';
import { DATA_PAGE_IMPORTS } from '../../../shared/ui/data-page';
import { saveBlob } from '../../../shared/util/save-blob';
import { ExportProgressComponent } from '../components/export-progress.component';
import {
  BulkActionDialogComponent,
  type BulkActionDialogData,
  type BulkActionDialogResult,
} from '../components/bulk-action-dialog.component';
import { InboxTabsComponent } from '../components/inbox-tabs.component';
import { LedgerBulkBarComponent, type LedgerBulkAction } from '../components/ledger-bulk-bar.component';
import { LedgerCardsComponent } from '../components/ledger-cards.component';
import { LedgerFiltersComponent } from '../components/ledger-filters.component';
import { LedgerTableComponent } from '../components/ledger-table.component';
import { CasesApi } from '../data/cases.api';
import { ASYNC_EXPORT_THRESHOLD, ExportJobStore } from '../data/export-job.store';
import { PAGE_SIZES, inboxTabs, isTabActive, queryFromParams } from '../data/ledger-query';
import { pageItems, pageTotal } from '../../../shared/util/paged';

/**
 * The ledger (问题台账): the cases the caller may see, filtered through the URL, as a table (cards on a
 * phone), with inbox tabs, bulk actions on ticked rows and the spreadsheet export.
 */
@Component({
  selector: 'tz-ledger-page',
  imports: [
    ...DATA_PAGE_IMPORTS,
    RouterLink,
    MatPaginatorModule,
    MatButtonModule,
    ExportProgressComponent,
    InboxTabsComponent,
    LedgerFiltersComponent,
    LedgerBulkBarComponent,
    LedgerTableComponent,
    LedgerCardsComponent,
  ],
  providers: [ExportJobStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ledger.page.html',
})
export class LedgerPage {
  private readonly api = inject(CasesApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  private readonly notify = inject(NotifyService);
  private readonly i18n = inject(I18nService);
  private readonly dialog = inject(MatDialog);
  protected readonly exportJob = inject(ExportJobStore);

  protected readonly pageSizes = [...PAGE_SIZES];
  protected readonly canBulkAssign = computed(
    () => this.auth.hasRole('coordinator', 'bureau_officer') && !!this.auth.user()?.unitId,
  );
  protected readonly canBulkUrge = computed(() =>
    this.auth.hasRole('manager', 'admin', 'coordinator', 'instructor'),
  );
  /** The cases ticked for a bulk action (ids on the current page; cleared when the page changes). */
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly isInstructor = computed(() => this.auth.role() === 'instructor');
  protected readonly tabs = computed(() => inboxTabs(this.auth.role(), this.auth.user()?.id ?? null));
  protected readonly activeTab = computed(
    () => this.tabs().find((tab) => isTabActive(tab, this.query()))?.key ?? null,
  );
  protected readonly canOpen = computed(() => this.auth.hasRole(...CASE_OPENER_ROLES));
  protected readonly handset = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 719px)')
      .pipe(map((s) => s.matches)),
    { initialValue: false },
  );

  protected readonly query = toSignal(this.route.queryParamMap.pipe(map(queryFromParams)), {
    initialValue: queryFromParams(this.route.snapshot.queryParamMap),
  });

  protected readonly cases = rxResource({
    params: () => this.query(),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly rows = pageItems(this.cases);
  protected readonly total = pageTotal(this.cases);

  constructor() {
    // Another page or filter drops the selection.
    effect(() => {
      this.query();
      untracked(() => this.selected.set(new Set()));
    });
  }

  /** Bulk assign or urge the ticked cases; the dialog shows a result per case, and the list reloads after. */
  protected bulk(action: LedgerBulkAction): void {
    const ids = this.selected();
    const cases = this.rows().filter((r) => ids.has(r.id));
    this.dialog
      .open<BulkActionDialogComponent, BulkActionDialogData, BulkActionDialogResult>(
        BulkActionDialogComponent,
        {
          data: { action, cases, unitId: this.auth.user()?.unitId ?? null },
          autoFocus: 'first-tabbable',
        },
      )
      .afterClosed()
      .subscribe((changed) => {
        if (!changed) return;
        this.selected.set(new Set());
        this.cases.reload();
      });
  }

  protected clearSelection(): void {
    this.selected.set(new Set());
  }

  protected onPage(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  protected clearFilters(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected open(row: CaseDto): void {
    void this.router.navigate(['/cases', row.id]);
  }

  /**
   * More than ASYNC_EXPORT_THRESHOLD rows: a worker job with a progress bar and a download when done.
   * Fewer: the workbook at once, straight from the API.
   */
  protected exportXlsx(): void {
    if (this.total() > ASYNC_EXPORT_THRESHOLD) {
      this.exportJob.start(this.query());
      return;
    }
    this.api.exportXlsx(this.query()).subscribe({
      next: (blob) => saveBlob(blob, this.i18n.t('ledger.exportFileName')),
      error: (err: unknown) => this.notify.error(err, 'ledger.exportFailed'),
    });
  }

  protected navigate(queryParams: Record<string, unknown>): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams, queryParamsHandling: 'merge' });
  }
}
