import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import {
  ENTERPRISE_SCALES,
  RESUMPTION_STATUSES,
  type CreateEnterpriseRequest,
  type EnterpriseDto,
} from '@taizhang/contracts';
import { isValidCreditCode } from '@taizhang/domain';
import { TPipe } from '../../../core/i18n/t.pipe';
import { NotifyService } from '../../../core/notify.service';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { EnterprisesApi } from '../data/enterprises.api';

/** GB 32100-2015: 18 characters with a check character (validated by `libs/domain`). */
export function creditCodeValidator(control: AbstractControl<string>): ValidationErrors | null {
  const value = (control.value ?? '').trim().toUpperCase();
  if (!value) return null;
  return isValidCreditCode(value) ? null : { creditCode: true };
}

@Component({
  selector: 'tz-enterprise-form-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    TPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ (data ? 'enterprises.edit' : 'enterprises.new') | t }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content class="grid">
        <mat-form-field class="wide">
          <mat-label>{{ 'enterprise.name' | t }}</mat-label>
          <input matInput formControlName="name" required />
        </mat-form-field>
        <mat-form-field class="wide">
          <mat-label>{{ 'enterprise.creditCode' | t }}</mat-label>
          <input matInput formControlName="creditCode" maxlength="18" required />
          @if (form.controls.creditCode.hasError('creditCode')) {
            <mat-error>{{ 'enterprise.creditCodeInvalid' | t }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'enterprise.scale' | t }}</mat-label>
          <mat-select formControlName="scale">
            @for (s of scales; track s) {
              <mat-option [value]="s">{{ 'scale.' + s | t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'enterprise.industry' | t }}</mat-label>
          <input matInput formControlName="industry" />
        </mat-form-field>
        <mat-form-field class="wide">
          <mat-label>{{ 'enterprise.unit' | t }}</mat-label>
          <mat-select formControlName="unitId" required>
            @for (u of towns(); track u.id) {
              <mat-option [value]="u.id">{{ u.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field class="wide">
          <mat-label>{{ 'enterprise.address' | t }}</mat-label>
          <input matInput formControlName="address" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'enterprise.contactName' | t }}</mat-label>
          <input matInput formControlName="contactName" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'enterprise.contactPhone' | t }}</mat-label>
          <input matInput formControlName="contactPhone" type="tel" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'enterprise.resumption' | t }}</mat-label>
          <mat-select formControlName="resumption">
            @for (r of resumptions; track r) {
              <mat-option [value]="r">{{ 'resumption.' + r | t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-checkbox formControlName="key">{{ 'enterprise.key' | t }}</mat-checkbox>
        <mat-form-field>
          <mat-label>{{ 'enterprise.headcount' | t }}</mat-label>
          <input matInput type="number" min="0" formControlName="headcount" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'enterprise.returnedHeadcount' | t }}</mat-label>
          <input matInput type="number" min="0" formControlName="returnedHeadcount" />
        </mat-form-field>
        @if (error()) {
          <p class="tz-error-text wide" role="alert">{{ error() }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="busy()" data-testid="dialog-confirm">
          {{ 'common.save' | t }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
      gap: 8px 12px;
      align-items: center;
    }
    .wide {
      grid-column: 1 / -1;
    }
  `,
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
