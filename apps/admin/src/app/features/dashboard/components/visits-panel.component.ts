import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { AuthService } from '../../../core/auth/auth.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { downloadState } from '../../../shared/ui/download-state';
import { VisitsDashboardApi } from '../data/visits-dashboard.api';
import { valueOrNull } from '../../../shared/util/resource-value';

/** 企业走访: per town the enterprises visited in the last 7 / 30 days and never, and each visitor's visits. */
@Component({
  selector: 'tz-visits-panel',
  imports: [MatButtonModule, TPipe, LoadStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './visits-panel.component.html',
  styleUrl: '../../../shared/ui/panel.scss',
  styles: `
    .never {
      color: #c62828;
    }
  `,
})
export class VisitsPanelComponent {
  /** The unit drilled down to (null: the caller's own). */
  readonly unitId = input<string | null>(null);
  protected readonly i18n = inject(I18nService);
  private readonly api = inject(VisitsDashboardApi);
  private readonly auth = inject(AuthService);
  private readonly download = downloadState();
  protected readonly exporting = this.download.busy;

  /** Managers, coordinators and admins read visits (a bureau's dashboard has none). */
  protected readonly shown = computed(() => this.auth.hasRole('manager', 'coordinator', 'admin'));
  protected readonly visits = rxResource({
    params: () => (this.shown() ? { unitId: this.unitId() } : undefined),
    stream: ({ params }) => this.api.figures(params.unitId),
  });
  protected readonly data = valueOrNull(this.visits);
  /** The ten most active visitors of the last 30 days, and anyone who has not visited at all. */
  protected readonly visitors = computed(() => (this.data()?.byInstructor ?? []).slice(0, 20));

  protected exportXlsx(): void {
    this.download.run(this.api.exportXlsx(this.unitId()), () => '走访台账.xlsx', 'errors.generic');
  }
}
