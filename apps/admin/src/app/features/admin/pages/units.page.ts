import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import {
  UNIT_KINDS,
  type CreateUnitRequest,
  type UnitDto,
  type UnitKind,
  type UpdateUnitRequest,
} from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { PageHeaderComponent } from '../../../shared/ui/page-header.component';
import { saveState } from '../../../shared/ui/save-state';
import { AdminApi } from '../data/admin.api';
import { buildUnitTree } from '../data/unit-tree';

@Component({
  selector: 'tz-units-page',
  imports: [
    NgTemplateOutlet,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    TPipe,
    LoadStateComponent,
    PageHeaderComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <tz-page-header [title]="'admin.units' | t" />
      <div class="layout">
        <section class="tz-card">
          <tz-load-state
            [loading]="units.isLoading() && !units.hasValue()"
            [error]="units.error()"
            [empty]="tree().length === 0"
            (retry)="units.reload()"
          >
            <ng-template #branch let-nodes>
              <ul class="tree">
                @for (n of nodes; track n.unit.id) {
                  <li>
                    <span
                      class="node"
                      data-testid="unit-node"
                      [attr.data-kind]="n.unit.kind"
                      [attr.data-code]="n.unit.code"
                      [class.inactive]="n.unit.active === false"
                    >
                      <span class="code">{{ n.unit.code }}</span>
                      @if (renaming() === n.unit.id) {
                        <input
                          class="rename"
                          [value]="n.unit.name"
                          #name
                          maxlength="100"
                          [attr.aria-label]="'unit.name' | t"
                          data-testid="unit-rename-input"
                          (keydown.enter)="rename(n.unit, name.value)"
                          (keydown.escape)="renaming.set(null)"
                        />
                        <button
                          mat-button
                          type="button"
                          (click)="rename(n.unit, name.value)"
                          data-testid="unit-rename-save"
                        >
                          {{ 'common.save' | t }}
                        </button>
                      } @else {
                        {{ n.unit.name }}
                      }
                      <span class="kind">{{ 'unitKind.' + n.unit.kind | t }}</span>
                      @if (n.unit.categoryCodes?.length) {
                        <span class="cats">{{ categoriesOf(n.unit.categoryCodes) }}</span>
                      }
                      @if (n.unit.active === false) {
                        <span class="off" data-testid="unit-disabled">{{ 'common.disabled' | t }}</span>
                      }
                      <span class="actions">
                        @if (renaming() !== n.unit.id) {
                          <button
                            mat-button
                            type="button"
                            (click)="renaming.set(n.unit.id)"
                            data-testid="unit-rename"
                          >
                            {{ 'common.rename' | t }}
                          </button>
                        }
                        <button
                          mat-button
                          type="button"
                          [disabled]="saving.busy()"
                          (click)="toggle(n.unit)"
                          data-testid="unit-toggle"
                        >
                          {{ (n.unit.active === false ? 'common.enable' : 'common.disable') | t }}
                        </button>
                      </span>
                    </span>
                    @if (n.children.length) {
                      <ng-container *ngTemplateOutlet="branch; context: { $implicit: n.children }" />
                    }
                  </li>
                }
              </ul>
            </ng-template>
            <div class="tree-root">
              <ng-container *ngTemplateOutlet="branch; context: { $implicit: tree() }" />
            </div>
          </tz-load-state>
        </section>

        <section class="tz-card">
          <h2 class="h2">{{ 'admin.newUnit' | t }}</h2>
          <form [formGroup]="form" (ngSubmit)="create()" class="form" novalidate>
            <mat-form-field>
              <mat-label>{{ 'unit.code' | t }}</mat-label>
              <input matInput formControlName="code" required />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'unit.name' | t }}</mat-label>
              <input matInput formControlName="name" required />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'unit.kind' | t }}</mat-label>
              <mat-select formControlName="kind">
                @for (k of kinds; track k) {
                  <mat-option [value]="k">{{ 'unitKind.' + k | t }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'unit.parent' | t }}</mat-label>
              <mat-select formControlName="parentId">
                <mat-option [value]="null">—</mat-option>
                @for (u of allUnits(); track u.id) {
                  @if (u.active !== false) {
                    <mat-option [value]="u.id">{{ u.name }} ({{ 'unitKind.' + u.kind | t }})</mat-option>
                  }
                }
              </mat-select>
            </mat-form-field>
            @if (form.controls.kind.value === 'bureau') {
              <mat-form-field>
                <mat-label>{{ 'unit.categories' | t }}</mat-label>
                <mat-select formControlName="categoryCodes" multiple>
                  @for (c of ref.categories() ?? []; track c.code) {
                    <mat-option [value]="c.code">{{ i18n.pick(c.nameZh, c.nameEn) }}</mat-option>
                  }
                </mat-select>
              </mat-form-field>
            }
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
    .tree {
      list-style: none;
      margin: 0;
      padding-left: 16px;
    }
    .tree-root > .tree {
      padding-left: 0;
    }
    .node {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 6px;
      padding: 4px 0;
      align-items: baseline;
    }
    .code {
      font-family: ui-monospace, monospace;
      color: var(--mat-sys-on-surface-variant);
    }
    .inactive {
      opacity: 0.6;
    }
    .off {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-error);
    }
    .actions button {
      min-width: 0;
      padding: 0 6px;
      height: 28px;
    }
    .rename {
      font: inherit;
      width: 12em;
    }
    .kind,
    .cats {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
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
