import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { RouterLink } from '@angular/router';
import type { EnterpriseDto } from '@taizhang/contracts';
import { AuthService } from '../../../core/auth/auth.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { VisitFormDialogComponent } from '../components/visit-form.dialog';
import { VisitHistoryComponent } from '../components/visit-history.component';
import { EnterprisesApi } from '../data/enterprises.api';
import { keyedResource, valueOrNull } from '../../../shared/util/resource-value';

/** One enterprise: its figures, its cases, and its visits (走访), with the visit form for its instructors. */
@Component({
  selector: 'tz-enterprise-detail-page',
  imports: [RouterLink, MatButtonModule, TPipe, LoadStateComponent, VisitHistoryComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './enterprise-detail.page.html',
  styles: `
    section {
      margin-top: 12px;
    }
  `,
})
export class EnterpriseDetailPage {
  /** Route parameter, bound by the router. */
  readonly id = input.required<string>();
  private readonly api = inject(EnterprisesApi);
  private readonly dialog = inject(MatDialog);
  private readonly auth = inject(AuthService);
  protected readonly ref = inject(ReferenceDataService);

  protected readonly enterprise = keyedResource(this.id, (id) => this.api.get(id));
  protected readonly e = valueOrNull(this.enterprise);
  /** Instructors and town coordinators record visits (the API checks that it is theirs). */
  protected readonly canVisit = computed(() => this.auth.hasRole('instructor', 'coordinator'));
  protected readonly visitsVersion = signal(0);

  protected recordVisit(e: EnterpriseDto): void {
    this.dialog
      .open(VisitFormDialogComponent, { data: e, maxWidth: '95vw' })
      .afterClosed()
      .subscribe((visit) => {
        if (visit) {
          this.visitsVersion.update((v) => v + 1);
          this.enterprise.reload();
        }
      });
  }
}
