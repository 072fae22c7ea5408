import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { ENTERPRISE_SCALES, type EnterpriseDto, type EnterpriseScale } from '@taizhang/contracts';
import { debounceTime, map, startWith } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { EnterprisesApi } from '../data/enterprises.api';
import { EnterpriseFormDialogComponent } from './enterprise-form.dialog';
import { VisitFormDialogComponent } from '../components/visit-form.dialog';

@Component({
  selector: 'tz-enterprise-list-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatSelectModule,
    TPipe,
    LoadStateComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <div class="tz-row">
        <h1 class="tz-page-title" data-testid="page-title">
          {{ (isInstructor() ? 'enterprises.myTitle' : 'enterprises.title') | t }}
        </h1>
        <span class="tz-spacer"></span>
        @if (canEdit()) {
          <button mat-flat-button type="button" (click)="create()" data-testid="enterprise-new">
            {{ 'enterprises.new' | t }}
          </button>
        }
      </div>
      <div class="tz-row filters" role="search">
        <mat-form-field class="grow">
          <mat-label>{{ 'enterprises.search' | t }}</mat-label>
          <input matInput type="search" maxlength="100" [formControl]="q" data-testid="enterprises-q" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'enterprise.scale' | t }}</mat-label>
          <mat-select [formControl]="scale">
            <mat-option value="">{{ 'common.all' | t }}</mat-option>
            @for (s of scales; track s) {
              <mat-option [value]="s">{{ 'scale.' + s | t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      <tz-load-state
        [loading]="list.isLoading() && !list.hasValue()"
        [error]="list.error()"
        [empty]="rows().length === 0"
        (retry)="list.reload()"
      >
        <ul class="items">
          @for (e of rows(); track e.id) {
            <li class="tz-card item" data-testid="enterprise-row">
              <div class="tz-row">
                <strong
                  ><a [routerLink]="['/enterprises', e.id]" data-testid="enterprise-link">{{
                    e.name
                  }}</a></strong
                >
                @if (e.key) {
                  <span class="key">{{ 'enterprise.key' | t }}</span>
                }
                <span class="tz-spacer"></span>
                <a routerLink="/cases" [queryParams]="{ enterpriseId: e.id }">
                  {{ 'enterprises.openCases' | t: { count: e.openCases ?? 0 } }}
                </a>
              </div>
              <div class="meta">
                {{ e.creditCode }} · {{ 'scale.' + e.scale | t }} · {{ e.industry }} ·
                {{ ref.unitName(e.unitId) }}
              </div>
              <div class="meta">
                {{ 'resumption.' + e.resumption | t }} ·
                {{ 'enterprises.headcount' | t: { returned: e.returnedHeadcount, total: e.headcount } }} ·
                {{ e.contactName }} {{ e.contactPhone }}
              </div>
              @if (canEdit() || canVisit()) {
                <div>
                  @if (canEdit()) {
                    <button mat-button type="button" (click)="edit(e)">{{ 'common.edit' | t }}</button>
                  }
                  @if (canVisit()) {
                    <button
                      mat-stroked-button
                      type="button"
                      (click)="recordVisit(e)"
                      data-testid="enterprise-visit"
                    >
                      {{ 'visits.record' | t }}
                    </button>
                  }
                </div>
              }
            </li>
          }
        </ul>
      </tz-load-state>
      @if (total() > 0) {
        <mat-paginator
          [length]="total()"
          [pageIndex]="page() - 1"
          [pageSize]="pageSize()"
          [pageSizeOptions]="[10, 20, 50]"
          (page)="onPage($event)"
        />
      }
    </div>
  `,
  styles: `
    .filters .grow {
      flex: 1 1 240px;
    }
    .items {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .item {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .meta {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
      overflow-wrap: anywhere;
    }
    .key {
      background: #fff3e0;
      color: #8a4b00;
      border-radius: 999px;
      padding: 0 8px;
      font: var(--mat-sys-label-medium);
    }
  `,
})
export class EnterpriseListPage {
  private readonly api = inject(EnterprisesApi);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(AuthService);
  protected readonly ref = inject(ReferenceDataService);

  protected readonly scales = ENTERPRISE_SCALES;
  protected readonly q = new FormControl('', { nonNullable: true });
  protected readonly scale = new FormControl<EnterpriseScale | ''>('', { nonNullable: true });
  protected readonly page = signal(1);
  protected readonly pageSize = signal(20);
  protected readonly isInstructor = computed(() => this.auth.role() === 'instructor');
  protected readonly canEdit = computed(() => this.auth.hasRole('admin', 'coordinator', 'instructor'));
  /** Instructors (from their home list of enterprises) and town coordinators record visits. */
  protected readonly canVisit = computed(() => this.auth.hasRole('instructor', 'coordinator'));

  private readonly search = toSignal(this.q.valueChanges.pipe(debounceTime(300), startWith('')), {
    initialValue: '',
  });
  private readonly scaleValue = toSignal(this.scale.valueChanges.pipe(map((v) => v)), {
    initialValue: '' as EnterpriseScale | '',
  });

  protected readonly list = rxResource({
    params: () => ({
      q: this.search().trim() || undefined,
      scale: this.scaleValue() || undefined,
      page: this.page(),
      pageSize: this.pageSize(),
    }),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly rows = computed<EnterpriseDto[]>(() =>
    this.list.hasValue() ? this.list.value().items : [],
  );
  protected readonly total = computed(() => (this.list.hasValue() ? this.list.value().total : 0));

  constructor() {
    this.q.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.page.set(1));
    this.scale.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.page.set(1));
  }

  protected onPage(e: PageEvent): void {
    this.page.set(e.pageIndex + 1);
    this.pageSize.set(e.pageSize);
  }

  protected create(): void {
    this.openForm(null);
  }

  protected edit(e: EnterpriseDto): void {
    this.openForm(e);
  }

  protected recordVisit(e: EnterpriseDto): void {
    this.dialog
      .open(VisitFormDialogComponent, { data: e, maxWidth: '95vw' })
      .afterClosed()
      .subscribe((visit) => {
        if (visit) this.list.reload();
      });
  }

  private openForm(enterprise: EnterpriseDto | null): void {
    this.dialog
      .open(EnterpriseFormDialogComponent, { data: enterprise, maxWidth: '95vw' })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) this.list.reload();
      });
  }
}
