import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ValidationErrors, Validators } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatSelectModule } from '@angular/material/select';
import {
  ENTERPRISE_SCALES,
  RESUMPTION_STATUSES,
  type CreateEnterpriseRequest,
  type EnterpriseDto,
} from '@taizhang/contracts';
import { isValidCreditCode } from '@taizhang/domain';
import { NotifyService } from '../../../core/notify.service';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { EnterprisesApi } from '../data/enterprises.api';
import { FORM_DIALOG_IMPORTS, FORM_DIALOG_PROVIDERS } from '../../../shared/ui/form-dialog';

/** GB 32100-2015: 18 characters with a check character (validated by `libs/domain`). */
export function creditCodeValidator(control: AbstractControl<string>): ValidationErrors | null {
  const value = (control.value ?? '').trim().toUpperCase();
  if (!value) return null;
  return isValidCreditCode(value) ? null : { creditCode: true };
}

@Component({
  providers: [FORM_DIALOG_PROVIDERS],
  selector: 'tz-enterprise-form-dialog',
  imports: [...FORM_DIALOG_IMPORTS, MatCheckboxModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './enterprise-form.dialog.html',
  styleUrl: './enterprise-form.dialog.scss',
})
export class EnterpriseFormDialogComponent {
  protected readonly data = inject<EnterpriseDto | null>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<EnterpriseFormDialogComponent, boolean>>(MatDialogRef);
  private readonly api = inject(EnterprisesApi);
  private readonly notify = inject(NotifyService);
  private readonly refData = inject(ReferenceDataService);

  protected readonly scales = ENTERPRISE_SCALES;
  protected readonly resumptions = RESUMPTION_STATUSES;
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly towns = () =>
    (this.refData.units() ?? []).filter((u) => u.kind === 'town' || u.kind === 'grid');

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [this.data?.name ?? '', Validators.required],
    creditCode: [this.data?.creditCode ?? '', [Validators.required, creditCodeValidator]],
    scale: [this.data?.scale ?? ('below' as const)],
    industry: [this.data?.industry ?? ''],
    unitId: [this.data?.unitId ?? '', Validators.required],
    address: [this.data?.address ?? ''],
    contactName: [this.data?.contactName ?? ''],
    contactPhone: [this.data?.contactPhone ?? ''],
    key: [this.data?.key ?? false],
    resumption: [this.data?.resumption ?? ('not_resumed' as const)],
    headcount: [this.data?.headcount ?? 0, Validators.min(0)],
    returnedHeadcount: [this.data?.returnedHeadcount ?? 0, Validators.min(0)],
  });

  protected save(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const v = this.form.getRawValue();
    const body: CreateEnterpriseRequest = {
      ...v,
      creditCode: v.creditCode.trim().toUpperCase(),
      headcount: Number(v.headcount),
      returnedHeadcount: Number(v.returnedHeadcount),
      instructorIds: this.data?.instructorIds ?? [],
    };
    this.busy.set(true);
    const call = this.data ? this.api.update(this.data.id, body) : this.api.create(body);
    call.subscribe({
      next: () => {
        this.busy.set(false);
        this.notify.info('common.saved');
        this.ref.close(true);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(this.notify.describe(err));
      },
    });
  }
}
