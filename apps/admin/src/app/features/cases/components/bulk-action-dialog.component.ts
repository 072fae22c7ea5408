import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { BulkActionResultDto, BulkCaseActionRequest, CaseDto } from '@taizhang/contracts';
import { apiErrorText } from '../../../core/api/error-text';
import { I18nService } from '../../../core/i18n/i18n.service';
import { CasesApi } from '../data/cases.api';
import { AssigneePickerComponent } from './assignee-picker.component';
import { FORM_DIALOG_IMPORTS, FORM_DIALOG_PROVIDERS } from '../../../shared/ui/form-dialog';
import { FormStatusComponent } from '../../../shared/ui/form-status.component';
import { TextFieldComponent } from '../../../shared/ui/text-field.component';

export interface BulkActionDialogData {
  action: BulkCaseActionRequest['action'];
  cases: Pick<CaseDto, 'id' | 'ledgerNo'>[];
  /** assign: the unit whose people the picker offers (the user's own). */
  unitId: string | null;
}

/** Closes with true when at least one case was changed (the list reloads). */
export type BulkActionDialogResult = boolean;

/**
 * Bulk assign or bulk urge from the inbox: one request, and a result per case (成功 / 失败 with the reason),
 * since each case is checked on its own.
 */
@Component({
  providers: [FORM_DIALOG_PROVIDERS],
  selector: 'tz-bulk-action-dialog',
  imports: [FormStatusComponent, ...FORM_DIALOG_IMPORTS, AssigneePickerComponent, TextFieldComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './bulk-action-dialog.component.html',
  styleUrl: './bulk-action-dialog.component.css',
})
export class BulkActionDialogComponent {
  protected readonly data = inject<BulkActionDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<BulkActionDialogComponent, BulkActionDialogResult>>(MatDialogRef);
  private readonly api = inject(CasesApi);
  private readonly i18n = inject(I18nService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly results = signal<(BulkActionResultDto & { ledgerNo: string })[] | null>(null);
  protected readonly okCount = signal(0);

  protected readonly form = this.fb.group({
    assigneeId: [null as string | null, this.data.action === 'assign' ? Validators.required : []],
    reason: [''],
  });

  protected apply(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const v = this.form.getRawValue();
    const request: BulkCaseActionRequest = {
      action: this.data.action,
      caseIds: this.data.cases.map((c) => c.id),
    };
    if (this.data.action === 'assign' && v.assigneeId) request.assigneeId = v.assigneeId;
    if (v.reason.trim()) request.reason = v.reason.trim();
    this.busy.set(true);
    this.error.set('');
    this.api.bulk(request).subscribe({
      next: (answer) => {
        this.busy.set(false);
        const ledgerNo = new Map(this.data.cases.map((c) => [c.id, c.ledgerNo]));
        this.results.set(answer.results.map((r) => ({ ...r, ledgerNo: ledgerNo.get(r.caseId) ?? r.caseId })));
        this.okCount.set(answer.results.filter((r) => r.ok).length);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(apiErrorText(this.i18n, err));
      },
    });
  }

  protected errorText(r: BulkActionResultDto): string {
    const key = `apiError.${r.code ?? ''}`;
    const text = this.i18n.t(key);
    return text !== key ? text : (r.error ?? '');
  }

  protected close(): void {
    this.dialogRef.close(this.okCount() > 0);
  }
}
