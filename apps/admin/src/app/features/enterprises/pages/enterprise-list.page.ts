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
import { DATA_PAGE_IMPORTS } from '../../../shared/ui/data-page';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { EnterprisesApi } from '../data/enterprises.api';
import { EnterpriseFormDialogComponent } from './enterprise-form.dialog';
import { VisitFormDialogComponent } from '../components/visit-form.dialog';
import { pageItems, pageTotal } from '../../../shared/util/paged';

@Component({
  selector: 'tz-enterprise-list-page',
  imports: [
    ...DATA_PAGE_IMPORTS,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatSelectModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './enterprise-list.page.html',
  styleUrl: './enterprise-list.page.scss',
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
    initialValue: '',
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
  protected readonly rows = pageItems(this.list);
  protected readonly total = pageTotal(this.list);

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
