import { Injectable, computed, inject, signal } from '@angular/core';
import type { CategoryDto, UnitDto } from '@taizhang/contracts';
import { Observable, shareReplay } from 'rxjs';
import { allPages } from '../api/all-pages';
import { ApiClient } from '../api/api-client';
import { I18nService } from '../i18n/i18n.service';

/**
 * Reference data many screens label things with (categories, units). Loaded once per session and
 * kept in signals; `invalidate*()` after an administrator changes them.
 */
@Injectable({ providedIn: 'root' })
export class ReferenceDataService {
  private readonly api = inject(ApiClient);
  private readonly i18n = inject(I18nService);

  private readonly categoriesState = signal<CategoryDto[] | null>(null);
  private readonly unitsState = signal<UnitDto[] | null>(null);
  private categories$: Observable<CategoryDto[]> | null = null;
  private units$: Observable<UnitDto[]> | null = null;

  readonly categories = this.categoriesState.asReadonly();
  readonly units = this.unitsState.asReadonly();
  readonly unitById = computed(() => new Map((this.unitsState() ?? []).map((u) => [u.id, u])));

  loadCategories(): Observable<CategoryDto[]> {
    this.categories$ ??= allPages((page) =>
      this.api.call('get', '/api/categories', { query: { page, pageSize: 100 } }),
    ).pipe(shareReplay({ bufferSize: 1, refCount: false }));
    this.categories$.subscribe({
      next: (c) => this.categoriesState.set(c),
      error: () => (this.categories$ = null),
    });
    return this.categories$;
  }

  loadUnits(): Observable<UnitDto[]> {
    this.units$ ??= allPages((page) =>
      this.api.call('get', '/api/units', { query: { page, pageSize: 1000 } }),
    ).pipe(shareReplay({ bufferSize: 1, refCount: false }));
    this.units$.subscribe({ next: (u) => this.unitsState.set(u), error: () => (this.units$ = null) });
    return this.units$;
  }

  /** Make sure both are (being) loaded; failures are left to the screens that need them. */
  ensureLoaded(): void {
    if (!this.categoriesState() && !this.categories$) this.loadCategories();
    if (!this.unitsState() && !this.units$) this.loadUnits();
  }

  invalidateCategories(): void {
    this.categories$ = null;
    this.loadCategories();
  }

  invalidateUnits(): void {
    this.units$ = null;
    this.loadUnits();
  }

  categoryLabel(code: string | null | undefined): string {
    if (!code) return '';
    const category = this.categoriesState()?.find((c) => c.code === code);
    return category ? this.i18n.pick(category.nameZh, category.nameEn) : code;
  }

  unitName(id: string | null | undefined): string {
    if (!id) return '';
    return this.unitById().get(id)?.name ?? '';
  }
}
