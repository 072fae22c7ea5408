import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatSelectModule } from '@angular/material/select';
import { Router } from '@angular/router';
import {
  RESUMPTION_STATUSES,
  type EnterpriseDto,
  type RecordVisitRequest,
  type ResumptionStatus,
  type VisitDto,
} from '@taizhang/contracts';
import { NotifyService } from '../../../core/notify.service';
import { VisitsApi } from '../data/visits.api';
import { FORM_DIALOG_IMPORTS, FORM_DIALOG_PROVIDERS } from '../../../shared/ui/form-dialog';
import { FormStatusComponent } from '../../../shared/ui/form-status.component';
import { TextFieldComponent } from '../../../shared/ui/text-field.component';

/** `YYYY-MM-DDTHH:mm` in the browser's local time, for `<input type="datetime-local">`. */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The visit form (走访), made for a phone: when, what was found, the resumption status and staff back as
 * found (optional), how many problems were raised. "登记问题" saves the visit and opens the case form for the
 * enterprise, linked to the visit.
 */
@Component({
  providers: [FORM_DIALOG_PROVIDERS],
  selector: 'tz-visit-form-dialog',
  imports: [...FORM_DIALOG_IMPORTS, MatSelectModule, FormStatusComponent, TextFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './visit-form.dialog.html',
  styles: `
    form {
      display: flex;
      flex-direction: column;
      gap: 4px;
      min-width: min(420px, 80vw);
    }
    .row {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    .row mat-form-field {
      flex: 1 1 140px;
    }
  `,
})
export class VisitFormDialogComponent {
  protected readonly enterprise = inject<EnterpriseDto>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<VisitFormDialogComponent, VisitDto | null>>(MatDialogRef);
  private readonly api = inject(VisitsApi);
  private readonly notify = inject(NotifyService);
  private readonly router = inject(Router);

  protected readonly resumptions = RESUMPTION_STATUSES;
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly form = inject(NonNullableFormBuilder).group({
    visitedAt: [localInput(new Date()), Validators.required],
    note: ['', [Validators.required, Validators.maxLength(2000)]],
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- it types the form control (FormBuilder infers from it)
    resumption: ['' as ResumptionStatus | ''],
    returnedHeadcount: [
      null as number | null,
      [Validators.min(0), Validators.max(this.enterprise.headcount)],
    ],
    problemsRaised: [0, [Validators.min(0), Validators.max(100)]],
  });

  protected save(thenOpenCase = false): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const v = this.form.getRawValue();
    const body: RecordVisitRequest = {
      visitedAt: new Date(v.visitedAt).toISOString(),
      note: v.note.trim(),
      problemsRaised: Number(v.problemsRaised) || 0,
      ...(v.resumption ? { resumption: v.resumption } : {}),
      ...(v.returnedHeadcount !== null && `${v.returnedHeadcount}` !== ''
        ? { returnedHeadcount: Number(v.returnedHeadcount) }
        : {}),
    };
    this.busy.set(true);
    this.error.set('');
    this.api.record(this.enterprise.id, body).subscribe({
      next: (visit) => {
        this.busy.set(false);
        this.notify.info('visits.saved');
        this.ref.close(visit);
        if (thenOpenCase) {
          void this.router.navigate(['/cases/new'], {
            queryParams: { enterpriseId: this.enterprise.id, visitId: visit.id },
          });
        }
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(this.notify.describe(err));
      },
    });
  }
}
