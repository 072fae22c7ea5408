import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ValidatorFn, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialog, MatDialogRef } from '@angular/material/dialog';
import type { CaseAction, CaseActionRequest, CaseDto, EscalationTargetDto } from '@taizhang/contracts';
import { Observable, catchError, of } from 'rxjs';
import { isApiError } from '../../../core/api/api-error';
import { apiErrorText } from '../../../core/api/error-text';
import { I18nService, type TranslationParams } from '../../../core/i18n/i18n.service';
import type { TranslationKey } from '../../../core/i18n/zh-CN';
import { StarRatingComponent } from '../../../shared/ui/star-rating.component';
import { CasesApi } from '../data/cases.api';
import { actionForm, buildActionRequest } from '../data/case-actions';
import { NotifyService } from '../../../core/notify.service';
import { uploadAll } from '../data/attachment-upload';
import { AttachmentsApi } from '../data/attachments.api';
import { AttachmentPickerComponent } from './attachment-picker.component';
import { AssigneePickerComponent } from './assignee-picker.component';
import { FORM_DIALOG_IMPORTS, FORM_DIALOG_PROVIDERS } from '../../../shared/ui/form-dialog';
import { FormStatusComponent } from '../../../shared/ui/form-status.component';
import { TextFieldComponent } from '../../../shared/ui/text-field.component';

export interface ActionDialogData {
  action: CaseAction;
  case?: CaseDto;
  /** 共性问题: the action for every member of a group at once (no version): sent by `submit`. */
  group?: ActionDialogGroup;
}

export interface ActionDialogGroup {
  title: string;
  /** The unit whose users may be assigned (where the members are now). */
  unitId: string;
  submit: (request: Omit<CaseActionRequest, 'version'>) => Observable<unknown>;
}

/** What the dialog ends with: the updated case, or the news that someone else changed it first. */
export type ActionDialogResult =
  { kind: 'done'; case: CaseDto } | { kind: 'stale' } | { kind: 'group'; answer: unknown };

/** The action's free-text fields, in the order shown: rows, label, and label when optional. */
const TEXT_FIELDS = [
  { name: 'reason', rows: 3, label: 'actionDialog.reason', optionalLabel: 'actionDialog.reasonOptional' },
  { name: 'resolution', rows: 4, label: 'actionDialog.resolution', optionalLabel: 'actionDialog.resolution' },
  { name: 'comment', rows: 3, label: 'actionDialog.comment', optionalLabel: 'actionDialog.commentOptional' },
] as const;

/**
 * One dialog for every case action: it asks for what the action needs (assignee, reason, resolution,
 * rating, comment — see `ACTION_FORMS`), posts it with the version the user saw, and closes with
 * the updated case. A stale version closes it with `{ kind: 'stale' }`; other errors stay in the dialog.
 */
@Component({
  providers: [FORM_DIALOG_PROVIDERS],
  selector: 'tz-action-dialog',
  imports: [
    FormStatusComponent,
    ...FORM_DIALOG_IMPORTS,
    StarRatingComponent,
    AttachmentPickerComponent,
    AssigneePickerComponent,
    TextFieldComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './action-dialog.component.html',
  styleUrl: './action-dialog.component.scss',
})
export class ActionDialogComponent {
  protected readonly data = inject<ActionDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<ActionDialogComponent, ActionDialogResult>>(MatDialogRef);
  private readonly api = inject(CasesApi);
  private readonly i18n = inject(I18nService);

  protected readonly spec = actionForm(this.data.action);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  private readonly attachments = inject(AttachmentsApi);
  private readonly notify = inject(NotifyService);
  /** Files sent with the action, linked to its event once the action is recorded. */
  protected readonly files = signal<File[]>([]);
  /** A group action refused for some members: one line per member ("ledger no.: why"). */
  protected readonly refused = signal<string[]>([]);

  protected readonly form = inject(NonNullableFormBuilder).group({
    assigneeId: [null as string | null, this.spec.assignee ? Validators.required : []],
    reason: ['', this.textValidators(this.spec.reason?.required)],
    resolution: ['', this.textValidators(this.spec.resolution?.required)],
    comment: ['', this.textValidators(this.spec.comment?.required)],
    // nothing pre-selected: the enterprise's rating is asked for every time
    rating: [null as number | null, this.spec.rating?.required ? Validators.required : []],
    until: ['', this.spec.until ? Validators.required : []],
  });

  /** The free-text fields the action asks for, in the order shown, each required or optional as it says. */
  protected readonly textFields = TEXT_FIELDS.flatMap(({ name, rows, label, optionalLabel }) => {
    const asked = this.spec[name];
    if (!asked) return [];
    const required = asked.required;
    return [
      { name, rows, required, label: required ? label : optionalLabel, control: this.form.controls[name] },
    ];
  });

  protected readonly ratingCaptions = computed(() => [1, 2, 3, 4, 5].map((n) => this.i18n.t(`rating.${n}`)));

  /** The earliest day the date picker offers: the day after the current resolve-by (or today). */
  protected readonly minUntil = (this.data.case?.resolveBy ?? new Date().toISOString()).slice(0, 10);

  /** The unit whose people the assignee picker offers: the one holding the case (or the group). */
  protected readonly assigneeUnit = this.data.group?.unitId ?? this.data.case?.unitId ?? null;

  /** Escalate: the unit the routing rules send the case to (null: none configured). */
  protected readonly target = rxResource<EscalationTargetDto | null, string | undefined>({
    params: () => (this.data.action === 'escalate' && this.data.case ? this.data.case.id : undefined),
    stream: ({ params }) =>
      params ? this.api.escalationTarget(params).pipe(catchError(() => of(null))) : of(null),
  });

  protected confirm(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.error.set('');
    this.refused.set([]);
    if (this.data.group) {
      const { version: _version, ...request } = buildActionRequest(
        this.data.action,
        1,
        this.form.getRawValue(),
      );
      this.data.group.submit(request).subscribe({
        next: (answer) => {
          this.busy.set(false);
          this.dialogRef.close({ kind: 'group', answer });
        },
        error: (err: unknown) => {
          this.busy.set(false);
          const perCase = isApiError(err) && err.errors.some((fe) => fe.field.startsWith('caseIds.'));
          this.error.set(perCase ? this.i18n.t('commonProblems.refused') : apiErrorText(this.i18n, err));
          // per member: the API's "<ledger no.>: <code>: <detail>", shown in the user's words
          if (isApiError(err))
            this.refused.set(
              err.errors.map((fe) => {
                const [ledgerNo, code] = fe.message.split(': ');
                const key = `apiError.${code}`;
                return `${ledgerNo}：${this.i18n.has(key) ? this.i18n.t(key) : fe.message}`;
              }),
            );
        },
      });
      return;
    }
    const c = this.data.case;
    if (!c) return;
    const request = buildActionRequest(this.data.action, c.version, this.form.getRawValue());
    this.api.act(c.id, request).subscribe({
      next: (updated) => {
        uploadAll(this.attachments, updated.id, this.files(), updated.events?.at(-1)?.id).subscribe(
          (outcomes) => {
            this.busy.set(false);
            const failed = outcomes.find((o) => !o.ok);
            if (failed && !failed.ok) {
              this.notify.info('attachments.failed', {
                name: failed.file.name,
                reason: failed.tooLarge
                  ? this.i18n.t('attachments.hint')
                  : this.notify.describe(failed.error),
              });
            }
            this.dialogRef.close({ kind: 'done', case: updated });
          },
        );
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

/**
 * The action dialog as a page uses it: `open` it (focus on its first field, no wider than the screen; the page
 * handles how it ends) and say an action is `done` (`key` with the action's name and any other `params`).
 * Call it where `inject` may be called (a field initializer).
 */
export function actionDialog() {
  const dialog = inject(MatDialog);
  const notify = inject(NotifyService);
  const i18n = inject(I18nService);
  return {
    open: (data: ActionDialogData): MatDialogRef<ActionDialogComponent, ActionDialogResult> =>
      dialog.open<ActionDialogComponent, ActionDialogData, ActionDialogResult>(ActionDialogComponent, {
        data,
        autoFocus: 'first-tabbable',
        maxWidth: '95vw',
      }),
    done: (key: TranslationKey, action: CaseAction, params: TranslationParams = {}): void =>
      notify.info(key, { action: i18n.t(`action.${action}`), ...params }),
  };
}
