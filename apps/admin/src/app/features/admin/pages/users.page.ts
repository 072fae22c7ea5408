import { ChangeDetectionStrategy, Component, type WritableSignal, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import {
  type AbstractControl,
  FormControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { PagerComponent } from '../../../shared/ui/pager.component';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { type CreateUserRequest, type Role, type UpdateUserRequest, type UserDto } from '@taizhang/contracts';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { isApiError } from '../../../core/api/api-error';
import { apiErrorText, applyFieldErrors } from '../../../core/api/error-text';
import { I18nService } from '../../../core/i18n/i18n.service';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { DATA_PAGE_IMPORTS } from '../../../shared/ui/data-page';
import { TableStateComponent } from '../../../shared/ui/table-state.component';
import { saveState } from '../../../shared/ui/save-state';
import { passwordRuleKey } from '../../../shared/util/password-rule';
import { UnitPickerComponent } from '../components/unit-picker.component';
import { TextFieldComponent } from '../../../shared/ui/text-field.component';
import { FormStatusComponent } from '../../../shared/ui/form-status.component';
import { PasswordFieldComponent } from '../../../shared/ui/password-field.component';
import { AdminApi } from '../data/admin.api';
import { RoleSelectComponent } from '../components/role-select.component';
import { pagedList } from '../../../shared/util/paged';

const PAGE_SIZE = 20;
type ActiveFilter = 'true' | 'false' | 'all';

/**
 * Users: a paged, searchable list; add a user; edit one (name, phone, role, unit, enabled), which ends
 * his sessions when he is disabled or moved; set a temporary password he must change at next sign-in.
 */
@Component({
  selector: 'tz-users-page',
  imports: [
    ...DATA_PAGE_IMPORTS,
    TableStateComponent,
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    PagerComponent,
    MatSelectModule,
    MatTableModule,
    UnitPickerComponent,
    RoleSelectComponent,
    PasswordFieldComponent,
    TextFieldComponent,
    FormStatusComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './users.page.html',
  styleUrl: './users.page.scss',
})
export class UsersPage {
  private readonly api = inject(AdminApi);
  protected readonly ref = inject(ReferenceDataService);
  private readonly i18n = inject(I18nService);
  protected readonly columns = ['username', 'displayName', 'role', 'unit', 'status', 'actions'];
  protected readonly saving = saveState();
  protected readonly formError = signal('');
  protected readonly editError = signal('');

  protected readonly search = new FormControl('', { nonNullable: true });
  private readonly q = toSignal(
    this.search.valueChanges.pipe(
      debounceTime(250),
      map((v) => v.trim()),
      distinctUntilChanged(),
    ),
    { initialValue: '' },
  );
  protected readonly active = signal<ActiveFilter>('all');
  protected readonly editing = signal<UserDto | null>(null);

  protected readonly paged = pagedList(
    PAGE_SIZE,
    () => ({ q: this.q() || undefined, active: this.active() }),
    (query) => this.api.users(query),
  );

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    username: ['', Validators.required],
    displayName: ['', Validators.required],
    // The password rules are the API's (one source of truth); its answer is shown under the field.
    password: ['', Validators.required],
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- it types the form control (FormBuilder infers from it)
    role: ['instructor' as Role],
    unitId: new FormControl<string | null>(null),
    phone: [''],
  });
  protected readonly editForm = this.fb.group({
    displayName: ['', Validators.required],
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- it types the form control (FormBuilder infers from it)
    role: ['instructor' as Role],
    unitId: new FormControl<string | null>(null),
    phone: [''],
    email: [''],
    active: [true],
  });
  protected readonly resetForm = this.fb.group({ newPassword: ['', Validators.required] });

  constructor() {
    // a new search starts at the first page
    this.search.valueChanges.subscribe(() => this.paged.page.set(1));
  }

  protected edit(u: UserDto): void {
    this.editing.set(u);
    this.editError.set('');
    this.editForm.reset({
      displayName: u.displayName,
      role: u.role,
      unitId: u.unitId,
      phone: u.phone ?? '',
      email: u.email ?? '',
      active: u.active,
    });
    this.resetForm.reset();
  }

  protected saveEdit(u: UserDto): void {
    this.editForm.markAllAsTouched();
    if (this.editForm.invalid || this.saving.busy()) return;
    const v = this.editForm.getRawValue();
    const body: UpdateUserRequest = {};
    if (v.displayName.trim() !== u.displayName) body.displayName = v.displayName.trim();
    if (v.role !== u.role) body.role = v.role;
    if (v.unitId !== u.unitId) body.unitId = v.unitId;
    if ((v.phone.trim() || null) !== (u.phone ?? null)) body.phone = v.phone.trim() || null;
    if ((v.email.trim() || null) !== (u.email ?? null)) body.email = v.email.trim() || null;
    if (v.active !== u.active) body.active = v.active;
    this.editError.set('');
    this.saving.run(this.api.updateUser(u.id, body), {
      done: (saved) => {
        this.editing.set(saved);
        this.paged.list.reload();
      },
      failed: (err) => this.refused(this.editForm.controls, this.editError, err),
    });
  }

  protected resetPassword(u: UserDto): void {
    this.resetForm.markAllAsTouched();
    if (this.resetForm.invalid || this.saving.busy()) return;
    this.saving.run(this.api.resetPassword(u.id, this.resetForm.getRawValue().newPassword), {
      success: 'user.passwordReset',
      done: (saved) => {
        this.resetForm.reset();
        this.editing.set(saved);
        this.paged.list.reload();
      },
      failed: (err) => this.passwordError(this.resetForm.controls.newPassword, err),
    });
  }

  protected create(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving.busy()) return;
    const v = this.form.getRawValue();
    const body: CreateUserRequest = {
      username: v.username.trim(),
      displayName: v.displayName.trim(),
      password: v.password,
      role: v.role,
      unitId: v.unitId,
      phone: v.phone.trim() || null,
    };
    this.formError.set('');
    this.saving.run(this.api.createUser(body), {
      done: () => {
        this.form.reset();
        this.paged.list.reload();
      },
      failed: (err) => {
        if (isApiError(err) && err.code?.startsWith('PASSWORD.'))
          return this.passwordError(this.form.controls.password, err);
        return this.refused(this.form.controls, this.formError, err);
      },
    });
  }

  /** A refused form: the API's field errors under their fields, anything else in `error` above the button. */
  private refused(
    controls: Record<string, AbstractControl>,
    error: WritableSignal<string>,
    err: unknown,
  ): true {
    if (!applyFieldErrors(this.i18n, controls, err)) error.set(apiErrorText(this.i18n, err));
    return true;
  }

  /** A refused password: the rule it broke, in the user's language, under the field (true when it was). */
  private passwordError(control: FormControl<string>, err: unknown): boolean {
    const key = passwordRuleKey(this.i18n, err);
    if (!key) return false;
    control.setErrors({ api: key });
    control.markAsTouched();
    return true;
  }
}
