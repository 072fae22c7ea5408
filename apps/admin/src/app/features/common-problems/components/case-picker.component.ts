import { ChangeDetectionStrategy, Component, computed, inject, input, model, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CaseDto } from '@taizhang/contracts';
import { catchError, debounceTime, distinctUntilChanged, of, switchMap, tap } from 'rxjs';
import { TPipe } from '../../../core/i18n/t.pipe';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { CommonProblemsApi } from '../data/common-problems.api';

/** Pick pending cases of the ledger by searching (ledger no., title, enterprise): the members of a common problem. */
@Component({
  selector: 'tz-case-picker',
  imports: [FormsModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, TPipe, StatusBadgeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './case-picker.component.html',
  styleUrl: './case-picker.component.css',
})
export class CasePickerComponent {
  private readonly api = inject(CommonProblemsApi);

  /** Cases not to offer (already members). */
  readonly exclude = input<readonly string[]>([]);
  readonly selected = model<CaseDto[]>([]);

  protected readonly query = signal('');
  protected readonly results = signal<CaseDto[]>([]);
  protected readonly loading = signal(false);
  protected readonly offered = computed(() => {
    const skip = new Set(this.exclude());
    return this.results().filter((c) => !skip.has(c.id));
  });

  constructor() {
    toObservable(this.query)
      .pipe(
        debounceTime(250),
        distinctUntilChanged(),
        tap(() => this.loading.set(true)),
        switchMap((q) => this.api.searchPending(q.trim()).pipe(catchError(() => of([] as CaseDto[])))),
        takeUntilDestroyed(),
      )
      .subscribe((items) => {
        this.loading.set(false);
        this.results.set(items);
      });
  }

  protected isSelected(c: CaseDto): boolean {
    return this.selected().some((x) => x.id === c.id);
  }

  protected toggle(c: CaseDto, on: boolean): void {
    this.selected.update((xs) =>
      on ? [...xs.filter((x) => x.id !== c.id), c] : xs.filter((x) => x.id !== c.id),
    );
  }
}
