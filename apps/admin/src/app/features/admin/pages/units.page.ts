import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import {
  UNIT_KINDS,
  type CreateUnitRequest,
  type UnitDto,
  type UnitKind,
  type UpdateUnitRequest,
} from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TextFieldComponent } from '../../../shared/ui/text-field.component';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { DATA_PAGE_IMPORTS } from '../../../shared/ui/data-page';
import { saveState } from '../../../shared/ui/save-state';
import { AdminApi } from '../data/admin.api';
import { buildUnitTree } from '../data/unit-tree';

@Component({
  selector: 'tz-units-page',
  imports: [
    ...DATA_PAGE_IMPORTS,
    TextFieldComponent,
    NgTemplateOutlet,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './units.page.html',
  styleUrl: './units.page.scss',
})
export class UnitsPage {
  private readonly api = inject(AdminApi);
  protected readonly ref = inject(ReferenceDataService);
  protected readonly i18n = inject(I18nService);
  protected readonly kinds = UNIT_KINDS;
  protected readonly saving = saveState();
  /** The unit whose name is being edited in place. */
  protected readonly renaming = signal<string | null>(null);

  protected readonly units = rxResource({ stream: () => this.api.units() });
  protected readonly allUnits = computed(() => (this.units.hasValue() ? this.units.value() : []));
  protected readonly tree = computed(() => buildUnitTree(this.allUnits()));

  protected readonly form = inject(NonNullableFormBuilder).group({
    code: ['', Validators.required],
    name: ['', Validators.required],
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- it types the form control (FormBuilder infers from it)
    kind: ['town' as UnitKind],
    parentId: [null as string | null],
    categoryCodes: [[] as string[]],
  });

  protected rename(unit: UnitDto, name: string): void {
    if (!name.trim() || name.trim() === unit.name) {
      this.renaming.set(null);
      return;
    }
    this.update(unit, { name: name.trim() });
  }

  /** Disable (kept for old cases, not offered for new work) or enable again. */
  protected toggle(unit: UnitDto): void {
    this.update(unit, { active: unit.active === false });
  }

  private update(unit: UnitDto, body: UpdateUnitRequest): void {
    this.saving.run(this.api.updateUnit(unit.id, body), {
      done: () => {
        this.renaming.set(null);
        this.reload();
      },
    });
  }

  private reload(): void {
    this.units.reload();
    this.ref.invalidateUnits();
  }

  protected categoriesOf(codes: string[] | undefined): string {
    return (codes ?? []).map((c) => this.ref.categoryLabel(c)).join('、');
  }

  protected create(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    const body: CreateUnitRequest = {
      code: v.code.trim(),
      name: v.name.trim(),
      kind: v.kind,
      parentId: v.parentId,
      ...(v.kind === 'bureau' ? { categoryCodes: v.categoryCodes } : {}),
    };
    this.saving.run(this.api.createUnit(body), {
      done: () => {
        this.form.reset();
        this.reload();
      },
    });
  }
}
