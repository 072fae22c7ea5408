import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import {
  ROLES,
  type CreateUserRequest,
  type Role,
  type UpdateUserRequest,
  type UserDto,
} from '@taizhang/contracts';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { isApiError } from '../../../core/api/api-error';
import { apiErrorText, applyFieldErrors } from '../../../core/api/error-text';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { PageHeaderComponent } from '../../../shared/ui/page-header.component';
import { saveState } from '../../../shared/ui/save-state';
import { passwordRuleKey } from '../../../shared/util/password-rule';
import { UnitPickerComponent } from '../components/unit-picker.component';
import { AdminApi } from '../data/admin.api';

const PAGE_SIZE = 20;
type ActiveFilter = 'true' | 'false' | 'all';

/**
 * Users: a paged, searchable list; add a user; edit one (name, phone, role, unit, enabled), which ends
 * his sessions when he is disabled or moved; set a temporary password he must change at next sign-in.
 */
@Component({
  selector: 'tz-users-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatSelectModule,
    MatTableModule,
    TPipe,
    LoadStateComponent,
    PageHeaderComponent,
    UnitPickerComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <tz-page-header [title]="'admin.users' | t" />
      <div class="layout">
        <section class="list">
          <div class="filters">
            <mat-form-field>
              <mat-label>{{ 'user.search' | t }}</mat-label>
              <input
                matInput
                [formControl]="search"
                autocomplete="off"
                maxlength="64"
                data-testid="user-search"
              />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'user.status' | t }}</mat-label>
              <mat-select
                [value]="active()"
                (valueChange)="setActive($event)"
                data-testid="user-active-filter"
              >
                <mat-option value="all">{{ 'common.all' | t }}</mat-option>
                <mat-option value="true">{{ 'user.enabled' | t }}</mat-option>
                <mat-option value="false">{{ 'user.disabled' | t }}</mat-option>
              </mat-select>
            </mat-form-field>
          </div>
          <tz-load-state
            [loading]="users.isLoading() && !users.hasValue()"
            [error]="users.error()"
            [empty]="rows().length === 0"
            (retry)="users.reload()"
          >
            <div class="tz-table-wrap">
              <table mat-table [dataSource]="rows()">
                <ng-container matColumnDef="username">
                  <th mat-header-cell *matHeaderCellDef>{{ 'user.username' | t }}</th>
                  <td mat-cell *matCellDef="let u">{{ u.username }}</td>
                </ng-container>
                <ng-container matColumnDef="displayName">
                  <th mat-header-cell *matHeaderCellDef>{{ 'user.displayName' | t }}</th>
                  <td mat-cell *matCellDef="let u" class="nowrap">{{ u.displayName }}</td>
                </ng-container>
                <ng-container matColumnDef="role">
                  <th mat-header-cell *matHeaderCellDef>{{ 'user.role' | t }}</th>
                  <td mat-cell *matCellDef="let u" class="nowrap">{{ 'role.' + u.role | t }}</td>
                </ng-container>
                <ng-container matColumnDef="unit">
                  <th mat-header-cell *matHeaderCellDef>{{ 'user.unit' | t }}</th>
                  <td mat-cell *matCellDef="let u" class="nowrap">{{ ref.unitName(u.unitId) || '—' }}</td>
                </ng-container>
                <ng-container matColumnDef="status">
                  <th mat-header-cell *matHeaderCellDef>{{ 'user.status' | t }}</th>
                  <td mat-cell *matCellDef="let u" class="nowrap" data-testid="user-status">
                    {{ (u.active ? 'user.enabled' : 'user.disabled') | t }}
                    @if (u.mustChangePassword) {
                      <span class="flag">{{ 'user.mustChange' | t }}</span>
                    }
                  </td>
                </ng-container>
                <ng-container matColumnDef="actions">
                  <th mat-header-cell *matHeaderCellDef>
                    <span class="tz-visually-hidden">{{ 'common.edit' | t }}</span>
                  </th>
                  <td mat-cell *matCellDef="let u">
                    <button mat-button type="button" (click)="edit(u)" data-testid="user-edit">
                      {{ 'common.edit' | t }}
                    </button>
                  </td>
                </ng-container>
                <tr mat-header-row *matHeaderRowDef="columns"></tr>
                <tr
                  mat-row
                  *matRowDef="let row; columns: columns"
                  data-testid="user-row"
                  [attr.data-username]="row.username"
                  [class.inactive]="!row.active"
                ></tr>
              </table>
            </div>
          </tz-load-state>
          <mat-paginator
            [length]="total()"
            [pageIndex]="page() - 1"
            [pageSize]="pageSize"
            [hidePageSize]="true"
            (page)="onPage($event)"
          />
        </section>

        <div class="side">
          @if (editing(); as u) {
            <section class="tz-card" data-testid="user-edit-panel">
              <h2 class="h2">{{ 'admin.editUser' | t }} · {{ u.username }}</h2>
              <form [formGroup]="editForm" (ngSubmit)="saveEdit(u)" class="form" novalidate>
                <mat-form-field>
                  <mat-label>{{ 'user.displayName' | t }}</mat-label>
                  <input matInput formControlName="displayName" required data-testid="edit-displayName" />
                  @if (editForm.controls.displayName.touched && editForm.controls.displayName.errors; as e) {
                    <mat-error>{{ e['api'] ?? 'validation.required' | t }}</mat-error>
                  }
                </mat-form-field>
                <mat-form-field>
                  <mat-label>{{ 'user.role' | t }}</mat-label>
                  <mat-select formControlName="role" data-testid="edit-role">
                    @for (r of roles; track r) {
                      <mat-option [value]="r">{{ 'role.' + r | t }}</mat-option>
                    }
                  </mat-select>
                </mat-form-field>
                <tz-unit-picker
                  [control]="editForm.controls.unitId"
                  testId="edit-unit"
                  errorTestId="edit-unitId-error"
                />
                <mat-form-field>
                  <mat-label>{{ 'user.phone' | t }}</mat-label>
                  <input matInput type="tel" formControlName="phone" data-testid="edit-phone" />
                  @if (editForm.controls.phone.touched && editForm.controls.phone.errors; as e) {
                    <mat-error>{{ e['api'] ?? 'validation.invalid' | t }}</mat-error>
                  }
                </mat-form-field>
                <mat-form-field>
                  <mat-label>{{ 'notifySettings.email' | t }}</mat-label>
                  <input matInput type="email" formControlName="email" data-testid="edit-email" />
                  @if (editForm.controls.email.touched && editForm.controls.email.errors; as e) {
                    <mat-error>{{ e['api'] ?? 'validation.invalid' | t }}</mat-error>
                  }
                </mat-form-field>
                <mat-checkbox formControlName="active" data-testid="edit-active">{{
                  'user.activeLabel' | t
                }}</mat-checkbox>
                <p class="hint">{{ 'user.sessionsEndHint' | t }}</p>
                @if (editError()) {
                  <p class="tz-error-text" role="alert" data-testid="edit-error">{{ editError() }}</p>
                }
                <div class="buttons">
                  <button mat-flat-button type="submit" [disabled]="saving.busy()" data-testid="edit-save">
                    {{ 'common.save' | t }}
                  </button>
                  <button mat-button type="button" (click)="editing.set(null)">
                    {{ 'common.cancel' | t }}
                  </button>
                </div>
              </form>

              <h3 class="h3">{{ 'user.resetPassword' | t }}</h3>
              <form [formGroup]="resetForm" (ngSubmit)="resetPassword(u)" class="form" novalidate>
                <mat-form-field>
                  <mat-label>{{ 'user.temporaryPassword' | t }}</mat-label>
                  <input
                    matInput
                    type="password"
                    formControlName="newPassword"
                    autocomplete="new-password"
                    required
                    data-testid="reset-password"
                  />
                  <mat-hint>{{ 'user.resetHint' | t }}</mat-hint>
                  @if (
                    resetForm.controls.newPassword.touched && resetForm.controls.newPassword.errors;
                    as e
                  ) {
                    <mat-error data-testid="reset-password-error">{{
                      e['api'] ?? 'validation.required' | t
                    }}</mat-error>
                  }
                </mat-form-field>
                <button mat-stroked-button type="submit" [disabled]="saving.busy()" data-testid="reset-submit">
                  {{ 'user.resetPassword' | t }}
                </button>
              </form>
            </section>
          }

          <section class="tz-card">
            <h2 class="h2">{{ 'admin.newUser' | t }}</h2>
            <form [formGroup]="form" (ngSubmit)="create()" class="form" novalidate>
              <mat-form-field>
                <mat-label>{{ 'user.username' | t }}</mat-label>
                <input
                  matInput
                  formControlName="username"
                  autocomplete="off"
                  required
                  data-testid="user-username"
                />
                @if (form.controls.username.touched && form.controls.username.errors; as e) {
                  <mat-error data-testid="user-username-error">{{
                    e['api'] ?? 'validation.required' | t
                  }}</mat-error>
                }
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ 'user.displayName' | t }}</mat-label>
                <input matInput formControlName="displayName" required data-testid="user-displayName" />
                @if (form.controls.displayName.touched && form.controls.displayName.errors; as e) {
                  <mat-error data-testid="user-displayName-error">{{
                    e['api'] ?? 'validation.required' | t
                  }}</mat-error>
                }
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ 'user.password' | t }}</mat-label>
                <input
                  matInput
                  type="password"
                  formControlName="password"
                  autocomplete="new-password"
                  required
                  data-testid="user-password"
                />
                <mat-hint>{{ 'user.passwordHint' | t }}</mat-hint>
                @if (form.controls.password.touched && form.controls.password.errors; as e) {
                  <mat-error data-testid="user-password-error">{{
                    e['api'] ?? 'validation.required' | t
                  }}</mat-error>
                }
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ 'user.role' | t }}</mat-label>
                <mat-select formControlName="role" data-testid="user-role">
                  @for (r of roles; track r) {
                    <mat-option [value]="r">{{ 'role.' + r | t }}</mat-option>
                  }
                </mat-select>
              </mat-form-field>
              <tz-unit-picker
                [control]="form.controls.unitId"
                testId="user-unit"
                errorTestId="user-unitId-error"
              />
              <mat-form-field>
                <mat-label>{{ 'user.phone' | t }}</mat-label>
                <input matInput type="tel" formControlName="phone" data-testid="user-phone" />
                @if (form.controls.phone.touched && form.controls.phone.errors; as e) {
                  <mat-error data-testid="user-phone-error">{{
                    e['api'] ?? 'validation.required' | t
                  }}</mat-error>
                }
              </mat-form-field>
              @if (formError()) {
                <p class="tz-error-text" role="alert" data-testid="user-form-error">{{ formError() }}</p>
              }
              <button mat-flat-button type="submit" [disabled]="saving.busy()" data-testid="user-create">
                {{ 'common.create' | t }}
              </button>
            </form>
          </section>
        </div>
      </div>
    </div>
  `,
  styles: `
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 16px;
      align-items: start;
    }
    @media (min-width: 1100px) {
      .layout {
        grid-template-columns: minmax(0, 2fr) minmax(340px, 1fr);
      }
    }
    .side {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .form {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .buttons {
      display: flex;
      gap: 8px;
    }
    table {
      width: 100%;
    }
    .nowrap {
      white-space: nowrap;
    }
    .inactive {
      opacity: 0.6;
    }
    .flag {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-tertiary);
      margin-left: 4px;
    }
    .hint {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class UsersPage {
  private readonly api = inject(AdminApi);
  protected readonly ref = inject(ReferenceDataService);
  private readonly i18n = inject(I18nService);
  protected readonly roles = ROLES;
  protected readonly columns = ['username', 'displayName', 'role', 'unit', 'status', 'actions'];
  protected readonly pageSize = PAGE_SIZE;
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
  protected readonly page = signal(1);
  protected readonly editing = signal<UserDto | null>(null);

  protected readonly users = rxResource({
    params: () => ({
      q: this.q() || undefined,
      active: this.active(),
      page: this.page(),
      pageSize: PAGE_SIZE,
    }),
    stream: ({ params }) => this.api.users(params),
  });
  protected readonly rows = computed<UserDto[]>(() =>
    this.users.hasValue() ? this.users.value().items : [],
  );
  protected readonly total = computed(() => (this.users.hasValue() ? this.users.value().total : 0));

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    username: ['', Validators.required],
    displayName: ['', Validators.required],
    // The password rules are the API's (one source of truth); its answer is shown under the field.
    password: ['', Validators.required],
    role: ['instructor' as Role],
    unitId: new FormControl<string | null>(null),
    phone: [''],
  });
  protected readonly editForm = this.fb.group({
    displayName: ['', Validators.required],
    role: ['instructor' as Role],
    unitId: new FormControl<string | null>(null),
    phone: [''],
    email: [''],
    active: [true],
  });
  protected readonly resetForm = this.fb.group({ newPassword: ['', Validators.required] });

  constructor() {
    // a new search starts at the first page
    this.search.valueChanges.subscribe(() => this.page.set(1));
  }

  protected setActive(value: ActiveFilter): void {
    this.active.set(value);
    this.page.set(1);
  }

  protected onPage(event: PageEvent): void {
    this.page.set(event.pageIndex + 1);
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
        this.users.reload();
      },
      failed: (err) => {
        if (!applyFieldErrors(this.i18n, this.editForm.controls, err))
          this.editError.set(apiErrorText(this.i18n, err));
        return true;
      },
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
        this.users.reload();
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
        this.users.reload();
      },
      failed: (err) => {
        if (isApiError(err) && err.code?.startsWith('PASSWORD.'))
          return this.passwordError(this.form.controls.password, err);
        // Field errors go under their fields; anything else above the button.
        if (!applyFieldErrors(this.i18n, this.form.controls, err))
          this.formError.set(apiErrorText(this.i18n, err));
        return true;
      },
    });
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
