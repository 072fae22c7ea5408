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
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { CASE_STATUSES, type CaseDto } from '@taizhang/contracts';
import { debounceTime, map } from 'rxjs';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AuthService } from '../../../core/auth/auth.service';
import { NotifyService } from '../../../core/notify.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { CASE_OPENER_ROLES } from '../../../core/layout/nav';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { saveBlob } from '../../../shared/util/save-blob';
import { ExportProgressComponent } from '../components/export-progress.component';
import {
  BulkActionDialogComponent,
  type BulkActionDialogData,
  type BulkActionDialogResult,
} from '../components/bulk-action-dialog.component';
import { DeadlineStateComponent } from '../components/deadline-state.component';
import { CasesApi } from '../data/cases.api';
import { ASYNC_EXPORT_THRESHOLD, ExportJobStore } from '../data/export-job.store';
import { PAGE_SIZES, inboxTabs, isTabActive, queryFromParams } from '../data/ledger-query';

@Component({
  selector: 'tz-ledger-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatTableModule,
    MatPaginatorModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatCheckboxModule,
    MatButtonModule,
    TPipe,
    TzDatePipe,
    LoadStateComponent,
    StatusBadgeComponent,
    ExportProgressComponent,
    DeadlineStateComponent,
  ],
  providers: [ExportJobStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <div class="tz-row head">
        <h1 class="tz-page-title" data-testid="page-title">
          {{ (isInstructor() ? 'ledger.myTitle' : 'ledger.title') | t }}
        </h1>
        <span class="tz-spacer"></span>
        @if (handset()) {
          <button
            mat-icon-button
            type="button"
            (click)="exportXlsx()"
            [disabled]="exportJob.busy()"
            data-testid="ledger-export"
            [attr.aria-label]="'ledger.export' | t"
            [attr.title]="'ledger.export' | t"
          >
            <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path
                d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19h14"
                fill="none"
                stroke="currentColor"
                stroke-width="2"
                stroke-linecap="round"
                stroke-linejoin="round"
              />
            </svg>
          </button>
        } @else {
          <button
            mat-stroked-button
            type="button"
            (click)="exportXlsx()"
            [disabled]="exportJob.busy()"
            data-testid="ledger-export"
          >
            {{ 'ledger.export' | t }}
          </button>
        }
        @if (canOpen()) {
          <a mat-flat-button routerLink="/cases/new" data-testid="new-case">{{ 'ledger.newCase' | t }}</a>
        }
      </div>

      <tz-export-progress />

      @if (tabs().length > 1) {
        <nav class="inbox" [attr.aria-label]="'inbox.label' | t">
          @for (tab of tabs(); track tab.key) {
            <a
              class="tab"
              routerLink="/cases"
              [queryParams]="tab.params"
              [class.active]="activeTab() === tab.key"
              [attr.aria-current]="activeTab() === tab.key ? 'page' : null"
              [attr.data-testid]="'inbox-' + tab.key"
              >{{ 'inbox.' + tab.key | t }}</a
            >
          }
        </nav>
      }

      <form class="filters" [formGroup]="filters" role="search" [attr.aria-label]="'ledger.filters' | t">
        <mat-form-field class="f-q">
          <mat-label>{{ 'ledger.search' | t }}</mat-label>
          <input matInput formControlName="q" type="search" maxlength="100" data-testid="ledger-q" />
        </mat-form-field>
        <mat-form-field class="f-status">
          <mat-label>{{ 'ledger.status' | t }}</mat-label>
          <mat-select formControlName="status" multiple data-testid="ledger-status">
            @for (s of statuses; track s) {
              <mat-option [value]="s">{{ 'status.' + s | t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field class="f-category">
          <mat-label>{{ 'ledger.category' | t }}</mat-label>
          <mat-select formControlName="category" data-testid="ledger-category">
            <mat-option value="">{{ 'common.all' | t }}</mat-option>
            @for (c of ref.categories() ?? []; track c.code) {
              <mat-option [value]="c.code">{{ i18n.pick(c.nameZh, c.nameEn) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field class="f-sort">
          <mat-label>{{ 'ledger.sort' | t }}</mat-label>
          <mat-select formControlName="sort" data-testid="ledger-sort">
            <mat-option value="">{{ 'ledger.sortNewest' | t }}</mat-option>
            <mat-option value="resolveBy" data-testid="sort-resolveBy">{{
              'ledger.sortResolveBy' | t
            }}</mat-option>
            <mat-option value="respondBy" data-testid="sort-respondBy">{{
              'ledger.sortRespondBy' | t
            }}</mat-option>
          </mat-select>
        </mat-form-field>
        <mat-checkbox formControlName="overdue" data-testid="ledger-overdue">{{
          'ledger.overdueOnly' | t
        }}</mat-checkbox>
        @if (hasFilters()) {
          <button mat-button type="button" (click)="clearFilters()" data-testid="ledger-clear">
            {{ 'ledger.clear' | t }}
          </button>
        }
      </form>

      @if (selected().size) {
        <div
          class="bulk tz-row"
          role="region"
          [attr.aria-label]="'bulk.selected' | t: { n: selected().size }"
          data-testid="bulk-bar"
        >
          <span data-testid="bulk-count">{{ 'bulk.selected' | t: { n: selected().size } }}</span>
          @if (canBulkAssign()) {
            <button mat-flat-button type="button" (click)="bulk('assign')" data-testid="bulk-assign">
              {{ 'bulk.assign' | t }}
            </button>
          }
          @if (canBulkUrge()) {
            <button mat-stroked-button type="button" (click)="bulk('urge')" data-testid="bulk-urge">
              {{ 'bulk.urge' | t }}
            </button>
          }
          <button mat-button type="button" (click)="selected.set(emptySelection())" data-testid="bulk-clear">
            {{ 'bulk.clear' | t }}
          </button>
        </div>
      }

      <tz-load-state
        [loading]="cases.isLoading() && !cases.hasValue()"
        [error]="cases.error()"
        [empty]="rows().length === 0"
        [emptyText]="'ledger.empty' | t"
        (retry)="cases.reload()"
      >
        @if (handset()) {
          <ul class="cards" [attr.aria-label]="'ledger.title' | t" data-testid="ledger-list">
            @for (c of rows(); track c.id) {
              <li class="tz-card case-card" data-testid="ledger-row" [attr.data-ledger-no]="c.ledgerNo">
                <a class="ledger-no" [routerLink]="['/cases', c.id]">{{ c.ledgerNo }}</a>
                <div class="tz-row badges">
                  <tz-status-badge [status]="c.status" />
                  <tz-deadline-state [case]="c" />
                  @if (c.priority === 'urgent') {
                    <span class="urgent">{{ 'case.urgent' | t }}</span>
                  }
                </div>
                <a class="card-title" [routerLink]="['/cases', c.id]" data-testid="row-title">{{
                  c.title
                }}</a>
                <div class="meta">{{ c.enterprise.name }} · {{ ref.categoryLabel(c.categoryCode) }}</div>
                <div class="meta">
                  {{ 'ledger.unit' | t }}{{ 'timeline.colon' | t
                  }}{{ c.unitName || ref.unitName(c.unitId) || '—' }} · {{ 'ledger.resolveBy' | t
                  }}{{ 'timeline.colon' | t
                  }}<span data-testid="row-resolve-by">{{ (c.resolveBy | tzDate) || '—' }}</span>
                </div>
              </li>
            }
          </ul>
        } @else {
          <div class="tz-table-wrap">
            <table mat-table [dataSource]="rows()" data-testid="ledger-table">
              <ng-container matColumnDef="select">
                <th mat-header-cell *matHeaderCellDef>
                  <mat-checkbox
                    [checked]="allSelected()"
                    [indeterminate]="selected().size > 0 && !allSelected()"
                    (change)="toggleAll()"
                    [aria-label]="'ledger.selectAll' | t"
                    data-testid="select-all"
                  />
                </th>
                <td mat-cell *matCellDef="let c" (click)="$event.stopPropagation()">
                  <mat-checkbox
                    [checked]="selected().has(c.id)"
                    (change)="toggle(c)"
                    [aria-label]="'ledger.select' | t"
                    data-testid="row-select"
                  />
                </td>
              </ng-container>
              <ng-container matColumnDef="ledgerNo">
                <th mat-header-cell *matHeaderCellDef>{{ 'ledger.ledgerNo' | t }}</th>
                <td mat-cell *matCellDef="let c">
                  <a [routerLink]="['/cases', c.id]" class="ledger-no">{{ c.ledgerNo }}</a>
                </td>
              </ng-container>
              <ng-container matColumnDef="enterprise">
                <th mat-header-cell *matHeaderCellDef>{{ 'ledger.enterprise' | t }}</th>
                <td mat-cell *matCellDef="let c">
                  <div>{{ c.enterprise.name }}</div>
                  <div class="sub" data-testid="row-title">{{ c.title }}</div>
                </td>
              </ng-container>
              <ng-container matColumnDef="category">
                <th mat-header-cell *matHeaderCellDef>{{ 'ledger.category' | t }}</th>
                <td mat-cell *matCellDef="let c">{{ ref.categoryLabel(c.categoryCode) }}</td>
              </ng-container>
              <ng-container matColumnDef="status">
                <th mat-header-cell *matHeaderCellDef>{{ 'ledger.status' | t }}</th>
                <td mat-cell *matCellDef="let c">
                  <tz-status-badge [status]="c.status" />
                  @if (c.priority === 'urgent') {
                    <span class="urgent">{{ 'case.urgent' | t }}</span>
                  }
                </td>
              </ng-container>
              <ng-container matColumnDef="unit">
                <th mat-header-cell *matHeaderCellDef>{{ 'ledger.unit' | t }}</th>
                <td mat-cell *matCellDef="let c">{{ c.unitName || ref.unitName(c.unitId) || '—' }}</td>
              </ng-container>
              <ng-container matColumnDef="respondBy">
                <th mat-header-cell *matHeaderCellDef>{{ 'ledger.respondBy' | t }}</th>
                <td mat-cell *matCellDef="let c" data-testid="row-respond-by">
                  {{ (c.respondBy | tzDate) || '—' }}
                </td>
              </ng-container>
              <ng-container matColumnDef="resolveBy">
                <th mat-header-cell *matHeaderCellDef>{{ 'ledger.resolveBy' | t }}</th>
                <td mat-cell *matCellDef="let c" data-testid="row-resolve-by">
                  {{ (c.resolveBy | tzDate) || '—' }}
                </td>
              </ng-container>
              <ng-container matColumnDef="overdue">
                <th mat-header-cell *matHeaderCellDef>
                  <span class="tz-visually-hidden">{{ 'case.overdue' | t }}</span>
                </th>
                <td mat-cell *matCellDef="let c">
                  <tz-deadline-state [case]="c" />
                </td>
              </ng-container>
              <tr mat-header-row *matHeaderRowDef="columns()"></tr>
              <tr
                mat-row
                *matRowDef="let row; columns: columns()"
                data-testid="ledger-row"
                [attr.data-ledger-no]="row.ledgerNo"
                (click)="open(row)"
              ></tr>
            </table>
          </div>
        }
      </tz-load-state>

      @if (cases.hasValue() && total() > 0) {
        <mat-paginator
          [length]="total()"
          [pageIndex]="(query().page ?? 1) - 1"
          [pageSize]="query().pageSize"
          [pageSizeOptions]="pageSizes"
          (page)="onPage($event)"
          data-testid="ledger-paginator"
        />
      }
    </div>
  `,
  styles: `
    .head {
      margin-bottom: 8px;
    }
    .head .tz-page-title {
      margin: 0;
    }
    .inbox {
      display: flex;
      gap: 4px;
      margin-bottom: 12px;
      overflow-x: auto;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      scrollbar-width: thin;
    }
    .tab {
      flex: 0 0 auto;
      padding: 10px 14px;
      text-decoration: none;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-title-small);
      border-bottom: 3px solid transparent;
      white-space: nowrap;
    }
    .tab:hover {
      background: var(--mat-sys-surface-container);
    }
    .tab.active {
      color: var(--mat-sys-primary);
      border-bottom-color: var(--mat-sys-primary);
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 12px;
      align-items: center;
      margin-bottom: 12px;
    }
    .f-q {
      flex: 1 1 220px;
    }
    .bulk {
      gap: 8px;
      padding: 8px 12px;
      margin-bottom: 8px;
      border-radius: 12px;
      background: var(--mat-sys-secondary-container);
    }
    .f-sort,
    .f-status,
    .f-category {
      flex: 0 1 200px;
      min-width: 160px;
    }
    table {
      width: 100%;
    }
    tr.mat-mdc-row {
      cursor: pointer;
    }
    tr.mat-mdc-row:hover {
      background: var(--mat-sys-surface-container);
    }
    .ledger-no {
      font-family: ui-monospace, monospace;
      white-space: nowrap;
    }
    .sub,
    .meta {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .urgent {
      margin-left: 6px;
      color: #b71c1c;
      font: var(--mat-sys-label-medium);
    }
    .cards {
      list-style: none;
      padding: 0;
      margin: 0;
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .case-card {
      display: flex;
      flex-direction: column;
      gap: 4px;
      padding: 12px;
    }
    .card-title {
      font-weight: 600;
      color: inherit;
      text-decoration: none;
      overflow-wrap: anywhere;
    }
    .badges {
      gap: 6px;
    }
    @media (max-width: 599px) {
      .f-status,
      .f-category {
        flex: 1 1 140px;
      }
    }
  `,
})
export class LedgerPage {
  private readonly api = inject(CasesApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  private readonly notify = inject(NotifyService);
  protected readonly i18n = inject(I18nService);
  protected readonly ref = inject(ReferenceDataService);
  protected readonly exportJob = inject(ExportJobStore);

  protected readonly statuses = CASE_STATUSES;
  protected readonly pageSizes = [...PAGE_SIZES];
  private readonly dialog = inject(MatDialog);
  protected readonly canBulkAssign = computed(
    () => this.auth.hasRole('coordinator', 'bureau_officer') && !!this.auth.user()?.unitId,
  );
  protected readonly canBulkUrge = computed(() =>
    this.auth.hasRole('manager', 'admin', 'coordinator', 'instructor'),
  );
  protected readonly columns = computed(() => [
    ...(this.canBulkAssign() || this.canBulkUrge() ? ['select'] : []),
    'ledgerNo',
    'enterprise',
    'category',
    'status',
    'unit',
    'respondBy',
    'resolveBy',
    'overdue',
  ]);
  /** The cases ticked for a bulk action (ids on the current page; cleared when the page changes). */
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly emptySelection = () => new Set<string>();
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
  protected readonly rows = computed<CaseDto[]>(() =>
    this.cases.hasValue() ? this.cases.value().items : [],
  );
  protected readonly total = computed(() => (this.cases.hasValue() ? this.cases.value().total : 0));
  protected readonly hasFilters = computed(() => {
    const q = this.query();
    return !!(
      q.q ||
      q.category ||
      q.status ||
      q.overdue ||
      q.unitId ||
      q.level !== undefined ||
      q.enterpriseId ||
      q.assigneeId
    );
  });

  protected readonly filters = inject(NonNullableFormBuilder).group({
    q: [''],
    status: [[] as string[]],
    category: [''],
    overdue: [false],
    sort: [''],
  });

  constructor() {
    // URL → form (without echoing back); another page or filter drops the selection.
    effect(() => {
      const q = this.query();
      untracked(() => this.selected.set(new Set()));
      untracked(() =>
        this.filters.setValue(
          {
            q: q.q ?? '',
            status: Array.isArray(q.status) ? q.status : q.status ? [q.status] : [],
            category: q.category ?? '',
            overdue: q.overdue ?? false,
            sort: q.sort === 'resolveBy' || q.sort === 'respondBy' ? q.sort : '',
          },
          { emitEvent: false },
        ),
      );
    });
    // Form → URL (search text debounced); a filter change goes back to page 1.
    this.filters.valueChanges
      .pipe(
        debounceTime(300),
        map(() => this.filters.getRawValue()),
        takeUntilDestroyed(),
      )
      .subscribe((v) =>
        this.navigate({
          q: v.q.trim() || null,
          status: v.status.length ? v.status : null,
          category: v.category || null,
          overdue: v.overdue ? 'true' : null,
          sort: v.sort || null,
          page: null,
        }),
      );
  }

  protected readonly allSelected = computed(() => {
    const rows = this.rows();
    return rows.length > 0 && rows.every((r) => this.selected().has(r.id));
  });

  protected toggle(c: CaseDto): void {
    const next = new Set(this.selected());
    if (next.has(c.id)) next.delete(c.id);
    else next.add(c.id);
    this.selected.set(next);
  }

  protected toggleAll(): void {
    this.selected.set(this.allSelected() ? new Set() : new Set(this.rows().map((r) => r.id)));
  }

  /** Bulk assign or urge the ticked cases; the dialog shows a result per case, and the list reloads after. */
  protected bulk(action: BulkActionDialogData['action']): void {
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

  private navigate(queryParams: Record<string, unknown>): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams, queryParamsHandling: 'merge' });
  }
}
