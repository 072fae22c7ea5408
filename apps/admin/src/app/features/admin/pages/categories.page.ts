import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CategoryDto, UpdateCategoryRequest } from '@taizhang/contracts';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { PageHeaderComponent } from '../../../shared/ui/page-header.component';
import { saveState } from '../../../shared/ui/save-state';
import { TableComponent } from '../../../shared/ui/table.component';
import { AdminApi } from '../data/admin.api';

@Component({
  selector: 'tz-categories-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    TPipe,
    LoadStateComponent,
    PageHeaderComponent,
    TableComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <tz-page-header [title]="'admin.categories' | t" />
      <div class="layout">
        <section class="tz-card">
          <tz-load-state
            [loading]="categories.isLoading() && !categories.hasValue()"
            [error]="categories.error()"
            [empty]="rows().length === 0"
            (retry)="categories.reload()"
          >
            <table tzTable>
              <thead>
                <tr>
                  <th scope="col">{{ 'category.code' | t }}</th>
                  <th scope="col">{{ 'category.nameZh' | t }}</th>
                  <th scope="col">{{ 'category.nameEn' | t }}</th>
                  <th scope="col">{{ 'user.status' | t }}</th>
                  <th scope="col">
                    <span class="tz-visually-hidden">{{ 'common.edit' | t }}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                @for (c of rows(); track c.code) {
                  <tr
                    data-testid="category-row"
                    [attr.data-code]="c.code"
                    [class.inactive]="c.active === false"
                  >
                    <td class="code">{{ c.code }}</td>
                    @if (editing() === c.code) {
                      <td>
                        <input
                          #zh
                          class="cell"
                          [value]="c.nameZh"
                          lang="zh-CN"
                          maxlength="50"
                          [attr.aria-label]="'category.nameZh' | t"
                          data-testid="category-edit-zh"
                        />
                      </td>
                      <td>
                        <input
                          #en
                          class="cell"
                          [value]="c.nameEn"
                          lang="en"
                          maxlength="50"
                          [attr.aria-label]="'category.nameEn' | t"
                          data-testid="category-edit-en"
                        />
                      </td>
                      <td></td>
                      <td class="nowrap">
                        <button
                          mat-button
                          type="button"
                          (click)="save(c, zh.value, en.value)"
                          data-testid="category-edit-save"
                        >
                          {{ 'common.save' | t }}
                        </button>
                        <button mat-button type="button" (click)="editing.set(null)">
                          {{ 'common.cancel' | t }}
                        </button>
                      </td>
                    } @else {
                      <td lang="zh-CN">{{ c.nameZh }}</td>
                      <td lang="en">{{ c.nameEn }}</td>
                      <td class="nowrap" data-testid="category-status">
                        {{ (c.active === false ? 'common.disabled' : 'common.enabled') | t }}
                      </td>
                      <td class="nowrap">
                        <button
                          mat-button
                          type="button"
                          (click)="editing.set(c.code)"
                          data-testid="category-edit"
                        >
                          {{ 'common.edit' | t }}
                        </button>
                        <button
                          mat-button
                          type="button"
                          [disabled]="saving.busy()"
                          (click)="update(c, { active: c.active === false })"
                          data-testid="category-toggle"
                        >
                          {{ (c.active === false ? 'common.enable' : 'common.disable') | t }}
                        </button>
                      </td>
                    }
                  </tr>
                }
              </tbody>
            </table>
          </tz-load-state>
        </section>
        <section class="tz-card">
          <h2 class="h2">{{ 'admin.newCategory' | t }}</h2>
          <form [formGroup]="form" (ngSubmit)="create()" class="form" novalidate>
            <mat-form-field>
              <mat-label>{{ 'category.code' | t }}</mat-label>
              <input matInput formControlName="code" required />
              <mat-hint>{{ 'category.codeHint' | t }}</mat-hint>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'category.nameZh' | t }}</mat-label>
              <input matInput formControlName="nameZh" lang="zh-CN" required />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'category.nameEn' | t }}</mat-label>
              <input matInput formControlName="nameEn" lang="en" required />
            </mat-form-field>
            <button mat-flat-button type="submit" [disabled]="saving.busy()">{{ 'common.create' | t }}</button>
          </form>
        </section>
      </div>
    </div>
  `,
  styles: `
    .layout {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 360px), 1fr));
      gap: 16px;
      align-items: start;
    }
    .code {
      font-family: ui-monospace, monospace;
    }
    .inactive {
      opacity: 0.6;
    }
    .cell {
      font: inherit;
      width: 100%;
    }
  `,
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
