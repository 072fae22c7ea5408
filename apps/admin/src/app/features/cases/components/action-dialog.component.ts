import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, ValidatorFn, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import type { AssigneeDto, CaseAction, CaseDto, EscalationTargetDto } from '@taizhang/contracts';
import { catchError, debounceTime, distinctUntilChanged, map, of, startWith } from 'rxjs';
import { toSignal } from '@angular/core/rxjs-interop';
import { isApiError } from '../../../core/api/api-error';
import { apiErrorText } from '../../../core/api/error-text';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { CasesApi } from '../data/cases.api';
import { actionForm, buildActionRequest } from '../data/case-actions';

export interface ActionDialogData {
  action: CaseAction;
  case: CaseDto;
}

/** What the dialog ends with: the updated case, or the news that someone else changed it first. */
export type ActionDialogResult = { kind: 'done'; case: CaseDto } | { kind: 'stale' };

/**
 * One dialog for every case action: it asks for what the action needs (assignee, reason, resolution,
 * satisfied, comment — see `ACTION_FORMS`), posts it with the version the user saw, and closes with
 * the updated case. A stale version closes it with `{ kind: 'stale' }`; other errors stay in the dialog.
 */
@Component({
  selector: 'tz-action-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatRadioModule,
    MatSelectModule,
    MatProgressBarModule,
    TPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'action.' + data.action | t }} · {{ data.case.ledgerNo }}</h2>
    <form [formGroup]="form" (ngSubmit)="confirm()" novalidate>
      <mat-dialog-content class="content">
        <p class="hint">{{ 'actionHint.' + data.action | t }}</p>

        @if (data.action === 'escalate') {
          @if (target.hasValue()) {
            @if (target.value(); as t) {
              <p class="target" data-testid="dialog-escalation-target">
                {{ 'actionDialog.escalateTo' | t: { unit: t.unitName } }}
              </p>
            } @else {
              <p class="tz-error-text" data-testid="dialog-escalation-target-none">
                {{ 'actionDialog.noRoute' | t }}
              </p>
            }
          }
        }

        @if (spec.assignee) {
          <mat-form-field class="tz-full">
            <mat-label>{{ 'actionDialog.assigneeSearch' | t }}</mat-label>
            <input
              matInput
              [formControl]="assigneeSearch"
              type="search"
              maxlength="100"
              data-testid="dialog-assignee-search"
            />
          </mat-form-field>
          <mat-form-field class="tz-full">
            <mat-label>{{ 'actionDialog.assignee' | t }}</mat-label>
            <mat-select formControlName="assigneeId" data-testid="dialog-assignee" required>
              @for (u of users.hasValue() ? users.value() : []; track u.id) {
                <mat-option [value]="u.id" data-testid="assignee-option"
                  >{{ u.displayName }} ({{ u.username }}) ·
                  {{ 'actionDialog.openCases' | t: { n: u.openCases } }}</mat-option
                >
              }
            </mat-select>
            @if (users.isLoading()) {
              <mat-hint>{{ 'common.loading' | t }}</mat-hint>
            } @else if (users.error()) {
              <mat-hint class="tz-error-text">{{ 'errors.loadFailed' | t }}</mat-hint>
            } @else if (users.hasValue() && users.value().length === 0) {
              <mat-hint>{{ 'actionDialog.noUsers' | t }}</mat-hint>
            }
            @if (form.controls.assigneeId.touched && form.controls.assigneeId.invalid) {
              <mat-error>{{ 'validation.required' | t }}</mat-error>
            }
          </mat-form-field>
        }

        @if (spec.satisfied) {
          <div class="satisfied" role="radiogroup" [attr.aria-label]="'actionDialog.satisfied' | t">
            <span class="label" id="satisfied-label">{{ 'actionDialog.satisfied' | t }}</span>
            <mat-radio-group formControlName="satisfied" aria-labelledby="satisfied-label">
              <mat-radio-button [value]="true" data-testid="dialog-satisfied-yes">{{
                'common.yes' | t
              }}</mat-radio-button>
              <mat-radio-button [value]="false" data-testid="dialog-satisfied-no">{{
                'common.no' | t
              }}</mat-radio-button>
            </mat-radio-group>
          </div>
        }

        @if (spec.until) {
          <mat-form-field class="tz-full">
            <mat-label>{{ 'actionDialog.until' | t }}</mat-label>
            <input
              matInput
              type="date"
              formControlName="until"
              data-testid="dialog-until"
              required
              [min]="minUntil"
            />
            @if (form.controls.until.touched && form.controls.until.invalid) {
              <mat-error>{{ 'validation.required' | t }}</mat-error>
            }
          </mat-form-field>
        }

        @if (spec.reason; as r) {
          <mat-form-field class="tz-full">
            <mat-label>{{
              (r.required ? 'actionDialog.reason' : 'actionDialog.reasonOptional') | t
            }}</mat-label>
            <textarea
              matInput
              formControlName="reason"
              rows="3"
              data-testid="dialog-reason"
              [required]="r.required"
            ></textarea>
            @if (form.controls.reason.touched && form.controls.reason.invalid) {
              <mat-error>{{ 'validation.required' | t }}</mat-error>
            }
          </mat-form-field>
        }

        @if (spec.resolution; as r) {
          <mat-form-field class="tz-full">
            <mat-label>{{ 'actionDialog.resolution' | t }}</mat-label>
            <textarea
              matInput
              formControlName="resolution"
              rows="4"
              data-testid="dialog-resolution"
              [required]="r.required"
            ></textarea>
            @if (form.controls.resolution.touched && form.controls.resolution.invalid) {
              <mat-error>{{ 'validation.required' | t }}</mat-error>
            }
          </mat-form-field>
        }

        @if (spec.comment; as r) {
          <mat-form-field class="tz-full">
            <mat-label>{{
              (r.required ? 'actionDialog.comment' : 'actionDialog.commentOptional') | t
            }}</mat-label>
            <textarea
              matInput
              formControlName="comment"
              rows="3"
              data-testid="dialog-comment"
              [required]="r.required"
            ></textarea>
            @if (form.controls.comment.touched && form.controls.comment.invalid) {
              <mat-error>{{ 'validation.required' | t }}</mat-error>
            }
          </mat-form-field>
        }

        @if (error()) {
          <p class="tz-error-text" role="alert" data-testid="dialog-error">{{ error() }}</p>
        }
        @if (busy()) {
          <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.saving' | t" />
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="dialog-cancel">
          {{ 'common.cancel' | t }}
        </button>
        <button
          mat-flat-button
          type="submit"
          data-testid="dialog-confirm"
          [class.danger]="spec.destructive"
          [disabled]="busy()"
        >
          {{ 'action.' + data.action | t }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .content {
      display: flex;
      flex-direction: column;
      gap: 12px;
      min-width: min(420px, 80vw);
    }
    .target {
      margin: 0;
      font: var(--mat-sys-title-small);
    }
    .hint {
      margin: 0 0 4px;
      color: var(--mat-sys-on-surface-variant);
    }
    .satisfied {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .label {
      font: var(--mat-sys-title-small);
    }
    .danger {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class ActionDialogComponent {
  protected readonly data = inject<ActionDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<ActionDialogComponent, ActionDialogResult>>(MatDialogRef);
  private readonly api = inject(CasesApi);
  private readonly i18n = inject(I18nService);

  protected readonly spec = actionForm(this.data.action);
  protected readonly busy = signal(false);
  protected readonly error = signal('');

  protected readonly form = inject(NonNullableFormBuilder).group({
    assigneeId: [null as string | null, this.spec.assignee ? Validators.required : []],
    reason: ['', this.textValidators(this.spec.reason?.required)],
    resolution: ['', this.textValidators(this.spec.resolution?.required)],
    comment: ['', this.textValidators(this.spec.comment?.required)],
    satisfied: [
      (this.spec.satisfied ? true : null) as boolean | null,
      this.spec.satisfied ? Validators.required : [],
    ],
    until: ['', this.spec.until ? Validators.required : []],
  });

  /** The earliest day the date picker offers: the day after the current resolve-by (or today). */
  protected readonly minUntil = (this.data.case.resolveBy ?? new Date().toISOString()).slice(0, 10);

  /** The assignee picker's search text (debounced). */
  protected readonly assigneeSearch = inject(NonNullableFormBuilder).control('');
  private readonly assigneeQuery = toSignal(
    this.assigneeSearch.valueChanges.pipe(
      startWith(''),
      debounceTime(250),
      map((q) => q.trim()),
      distinctUntilChanged(),
    ),
    { initialValue: '' },
  );

  /** The people of the unit that holds the case matching the search, each with his open cases. */
  protected readonly users = rxResource<AssigneeDto[], { unitId: string; q: string } | undefined>({
    params: () =>
      this.spec.assignee ? { unitId: this.data.case.unitId, q: this.assigneeQuery() } : undefined,
    stream: ({ params }) => (params ? this.api.assignees(params.unitId, params.q) : of([])),
  });

  /** Escalate: the unit the routing rules send the case to (null: none configured). */
  protected readonly target = rxResource<EscalationTargetDto | null, string | undefined>({
    params: () => (this.data.action === 'escalate' ? this.data.case.id : undefined),
    stream: ({ params }) =>
      params ? this.api.escalationTarget(params).pipe(catchError(() => of(null))) : of(null),
  });

  protected confirm(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const request = buildActionRequest(this.data.action, this.data.case.version, this.form.getRawValue());
    this.busy.set(true);
    this.error.set('');
    this.api.act(this.data.case.id, request).subscribe({
      next: (updated) => {
        this.busy.set(false);
        this.dialogRef.close({ kind: 'done', case: updated });
      },
      error: (err: unknown) => {
        this.busy.set(false);
        if (isApiError(err) && err.isStaleVersion) {
          this.dialogRef.close({ kind: 'stale' });
          return;
        }
        this.error.set(apiErrorText(this.i18n, err));
      },
    });
  }

  private textValidators(required: boolean | undefined): ValidatorFn[] {
    return required
      ? [Validators.required, (c) => (String(c.value ?? '').trim() ? null : { required: true })]
      : [];
  }
}
