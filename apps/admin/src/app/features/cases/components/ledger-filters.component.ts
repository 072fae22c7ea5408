import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { CASE_STATUSES, type CaseListQuery } from '@taizhang/contracts';
import { debounceTime, map } from 'rxjs';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';

/**
 * The ledger's filter bar. The filters live in the URL: the query given in is shown (without echoing back),
 * and a change is sent out as the query parameters to merge (search text debounced, back to page 1).
 */
@Component({
  selector: 'tz-ledger-filters',
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatCheckboxModule,
    MatButtonModule,
    TPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ledger-filters.component.html',
  styleUrl: './ledger-filters.component.scss',
})
export class LedgerFiltersComponent {
  protected readonly i18n = inject(I18nService);
  protected readonly ref = inject(ReferenceDataService);
  protected readonly statuses = CASE_STATUSES;

  readonly query = input.required<CaseListQuery>();
  /** Query parameters to merge into the URL. */
  readonly changed = output<Record<string, unknown>>();
  /** Every filter off. */
  readonly cleared = output<void>();

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
    // URL → form (without echoing back).
    effect(() => {
      const q = this.query();
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
        this.changed.emit({
          q: v.q.trim() || null,
          status: v.status.length ? v.status : null,
          category: v.category || null,
          overdue: v.overdue ? 'true' : null,
          sort: v.sort || null,
          page: null,
        }),
      );
  }
}
