import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatSelectModule } from '@angular/material/select';
import type { RoutingRuleDto, UnitDto } from '@taizhang/contracts';
import { I18nService } from '../../../core/i18n/i18n.service';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { SaveHeaderComponent } from '../../../shared/ui/save-header.component';
import { TableStateComponent } from '../../../shared/ui/table-state.component';
import { TPipe } from '../../../core/i18n/t.pipe';
import { saveState } from '../../../shared/ui/save-state';
import { TableComponent } from '../../../shared/ui/table.component';
import { AdminApi } from '../data/admin.api';

const key = (categoryCode: string, unitId: string): string => `${categoryCode}|${unitId}`;

/** (category, county or city) → bureau: where an escalation goes (DESIGN §3). */
@Component({
  selector: 'tz-routing-rules-page',
  imports: [TPipe, TableStateComponent, SaveHeaderComponent, MatSelectModule, TableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <tz-save-header
        [title]="'admin.routingRules' | t"
        [hint]="'admin.routingHint' | t"
        [saving]="saving"
        [disabled]="!rules.hasValue()"
        testId="rules-save"
        (save)="save()"
      />
      <tz-table-state
        [loading]="(rules.isLoading() || units.isLoading()) && !rules.hasValue()"
        [error]="rules.error() || units.error()"
        [empty]="regions().length === 0"
        (retry)="reload()"
      >
        <table tzTable>
          <thead>
            <tr>
              <th scope="col">{{ 'ledger.category' | t }}</th>
              @for (r of regions(); track r.id) {
                <th scope="col">{{ r.name }}</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (c of ref.categories() ?? []; track c.code) {
              <tr data-testid="rule-row">
                <th scope="row">{{ i18n.pick(c.nameZh, c.nameEn) }}</th>
                @for (r of regions(); track r.id) {
                  <td>
                    <mat-select
                      [value]="value(c.code, r.id)"
                      (valueChange)="set(c.code, r.id, $event)"
                      [attr.aria-label]="i18n.pick(c.nameZh, c.nameEn) + ' · ' + r.name"
                      [placeholder]="'admin.noBureau' | t"
                    >
                      <mat-option [value]="''">{{ 'admin.noBureau' | t }}</mat-option>
                      @for (b of bureausOf(r.id); track b.id) {
                        <mat-option [value]="b.id">{{ b.name }}</mat-option>
                      }
                    </mat-select>
                  </td>
                }
              </tr>
            }
          </tbody>
        </table>
      </tz-table-state>
    </div>
  `,
  styles: `
    .tz-table th,
    .tz-table td {
      min-width: 160px;
    }
  `,
})
export class RoutingRulesPage {
  private readonly api = inject(AdminApi);
  protected readonly ref = inject(ReferenceDataService);
  protected readonly i18n = inject(I18nService);
  protected readonly saving = saveState();

  protected readonly rules = rxResource({ stream: () => this.api.routingRules() });
  protected readonly units = rxResource({ stream: () => this.api.units() });
  private readonly draft = signal(new Map<string, string>());

  private readonly allUnits = computed<UnitDto[]>(() => (this.units.hasValue() ? this.units.value() : []));
  protected readonly regions = computed(() =>
    this.allUnits().filter((u) => u.kind === 'county' || u.kind === 'city'),
  );

  constructor() {
    effect(() => {
      if (!this.rules.hasValue()) return;
      this.draft.set(new Map(this.rules.value().map((r) => [key(r.categoryCode, r.unitId), r.bureauId])));
    });
  }

  protected bureausOf(regionId: string): UnitDto[] {
    return this.allUnits().filter((u) => u.kind === 'bureau' && u.parentId === regionId);
  }

  protected value(categoryCode: string, unitId: string): string {
    return this.draft().get(key(categoryCode, unitId)) ?? '';
  }

  protected set(categoryCode: string, unitId: string, bureauId: string): void {
    const next = new Map(this.draft());
    if (bureauId) next.set(key(categoryCode, unitId), bureauId);
    else next.delete(key(categoryCode, unitId));
    this.draft.set(next);
  }

  protected reload(): void {
    this.rules.reload();
    this.units.reload();
  }

  protected save(): void {
    const rules: RoutingRuleDto[] = [...this.draft().entries()].map(([k, bureauId]) => {
      const [categoryCode, unitId] = k.split('|');
      return { categoryCode, unitId, bureauId };
    });
    this.saving.run(this.api.putRoutingRules({ rules }), { done: () => this.rules.reload() });
  }
}
