import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import type { CategoryDto, UpdateCategoryRequest } from '@taizhang/contracts';
import { TextFieldComponent } from '../../../shared/ui/text-field.component';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { DATA_PAGE_IMPORTS } from '../../../shared/ui/data-page';
import { saveState } from '../../../shared/ui/save-state';
import { TableComponent } from '../../../shared/ui/table.component';
import { AdminApi } from '../data/admin.api';

@Component({
  selector: 'tz-categories-page',
  imports: [...DATA_PAGE_IMPORTS, TextFieldComponent, ReactiveFormsModule, MatButtonModule, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './categories.page.html',
  styleUrl: './categories.page.scss',
})
export class CategoriesPage {
  private readonly api = inject(AdminApi);
  private readonly ref = inject(ReferenceDataService);
  protected readonly saving = saveState();
  /** The category whose names are being edited in place. */
  protected readonly editing = signal<string | null>(null);
  protected readonly categories = rxResource({ stream: () => this.api.categories() });
  protected readonly rows = computed<CategoryDto[]>(() =>
    this.categories.hasValue() ? this.categories.value() : [],
  );

  protected readonly form = inject(NonNullableFormBuilder).group({
    code: ['', [Validators.required, Validators.pattern(/^[a-z][a-z0-9_]*$/)]],
    nameZh: ['', Validators.required],
    nameEn: ['', Validators.required],
  });

  protected save(c: CategoryDto, nameZh: string, nameEn: string): void {
    const body: UpdateCategoryRequest = {};
    if (nameZh.trim() && nameZh.trim() !== c.nameZh) body.nameZh = nameZh.trim();
    if (nameEn.trim() && nameEn.trim() !== c.nameEn) body.nameEn = nameEn.trim();
    if (!Object.keys(body).length) {
      this.editing.set(null);
      return;
    }
    this.update(c, body);
  }

  /** Rename, or disable (old cases keep it; new cases are not offered it) / enable again. */
  protected update(c: CategoryDto, body: UpdateCategoryRequest): void {
    this.saving.run(this.api.updateCategory(c.code, body), {
      done: () => {
        this.editing.set(null);
        this.reload();
      },
    });
  }

  protected create(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    const body = { code: v.code.trim(), nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim() };
    this.saving.run(this.api.createCategory(body), {
      done: () => {
        this.form.reset();
        this.reload();
      },
    });
  }

  private reload(): void {
    this.categories.reload();
    this.ref.invalidateCategories();
  }
}
