import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import type { CaseDto } from '@taizhang/contracts';
import { apiErrorText } from '../../../core/api/error-text';
import { AuthService } from '../../../core/auth/auth.service';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TzDatePipe } from '../../../core/i18n/t.pipe';
import { DATA_PAGE_IMPORTS } from '../../../shared/ui/data-page';
import { saveState } from '../../../shared/ui/save-state';
import { TableComponent } from '../../../shared/ui/table.component';
import { CasePickerComponent } from '../components/case-picker.component';
import { CommonProblemsApi } from '../data/common-problems.api';
import { FormStatusComponent } from '../../../shared/ui/form-status.component';
import { CancelSubmitComponent } from '../../../shared/ui/cancel-submit.component';

/** 共性问题: the list, and grouping cases into a new one (pick members by searching the ledger). */
@Component({
  selector: 'tz-common-problems-page',
  imports: [
    CancelSubmitComponent,
    FormStatusComponent,
    ...DATA_PAGE_IMPORTS,
    TableComponent,
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    TzDatePipe,
    CasePickerComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './common-problems.page.html',
  styleUrl: './common-problems.page.css',
})
export class CommonProblemsPage {
  private readonly api = inject(CommonProblemsApi);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);
  protected readonly auth = inject(AuthService);

  protected readonly page = signal(1);
  protected readonly list = rxResource({
    params: () => ({ page: this.page(), pageSize: 20 }),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly mayGroup = computed(() => this.auth.hasRole('coordinator', 'bureau_officer', 'admin'));

  protected readonly creating = signal(false);
  protected readonly title = signal('');
  protected readonly picked = signal<CaseDto[]>([]);
  protected readonly saving = saveState();
  protected readonly error = signal('');

  protected create(): void {
    const title = this.title().trim();
    if (!title || this.picked().length < 2 || this.saving.busy()) {
      this.error.set(this.i18n.t(title ? 'apiError.COMMON_PROBLEM.TOO_FEW' : 'validation.required'));
      return;
    }
    this.error.set('');
    this.saving.run(this.api.create({ title, caseIds: this.picked().map((c) => c.id) }), {
      success: 'commonProblems.created',
      done: (g) => void this.router.navigate(['/common-problems', g.id]),
      failed: (err) => {
        this.error.set(apiErrorText(this.i18n, err));
        return true;
      },
    });
  }
}
