import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ROLES, type CreateUserRequest, type Role, type UserDto } from '@taizhang/contracts';
import { apiErrorText, applyFieldErrors } from '../../../core/api/error-text';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe } from '../../../core/i18n/t.pipe';
import { NotifyService } from '../../../core/notify.service';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { LoadStateComponent } from '../../../shared/ui/load-state.component';
import { AdminApi } from '../data/admin.api';

@Component({
  selector: 'tz-users-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatTableModule,
    TPipe,
    LoadStateComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tz-page">
      <h1 class="tz-page-title">{{ 'admin.users' | t }}</h1>
      <div class="layout">
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
                <td mat-cell *matCellDef="let u">{{ u.displayName }}</td>
              </ng-container>
              <ng-container matColumnDef="role">
                <th mat-header-cell *matHeaderCellDef>{{ 'user.role' | t }}</th>
                <td mat-cell *matCellDef="let u" class="nowrap">{{ 'role.' + u.role | t }}</td>
              </ng-container>
              <ng-container matColumnDef="unit">
                <th mat-header-cell *matHeaderCellDef>{{ 'user.unit' | t }}</th>
                <td mat-cell *matCellDef="let u">{{ ref.unitName(u.unitId) || '—' }}</td>
              </ng-container>
              <tr mat-header-row *matHeaderRowDef="columns"></tr>
              <tr mat-row *matRowDef="let row; columns: columns" data-testid="user-row"></tr>
            </table>
          </div>
        </tz-load-state>

        <section class="tz-card">
          <h2 class="h2">{{ 'admin.newUser' | t }}</h2>
          <form [formGroup]="form" (ngSubmit)="create()" class="form" novalidate>
            <mat-form-field>
              <mat-label>{{ 'user.username' | t }}</mat-label>
              <input matInput formControlName="username" autocomplete="off" required data-testid="user-username" />
              @if (form.controls.username.touched && form.controls.username.errors; as e) {
                <mat-error data-testid="user-username-error">{{ (e['api'] ?? 'validation.required') | t }}</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'user.displayName' | t }}</mat-label>
              <input matInput formControlName="displayName" required data-testid="user-displayName" />
              @if (form.controls.displayName.touched && form.controls.displayName.errors; as e) {
                <mat-error data-testid="user-displayName-error">{{ (e['api'] ?? 'validation.required') | t }}</mat-error>
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
                <mat-error data-testid="user-password-error">{{ (e['api'] ?? 'validation.required') | t }}</mat-error>
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
            <mat-form-field>
              <mat-label>{{ 'user.unit' | t }}</mat-label>
              <mat-select formControlName="unitId" data-testid="user-unit">
                <mat-option [value]="null">—</mat-option>
                @for (u of ref.units() ?? []; track u.id) {
                  <mat-option [value]="u.id">{{ u.name }}</mat-option>
                }
              </mat-select>
              @if (form.controls.unitId.touched && form.controls.unitId.errors; as e) {
                <mat-error data-testid="user-unitId-error">{{ (e['api'] ?? 'validation.required') | t }}</mat-error>
              }
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'user.phone' | t }}</mat-label>
              <input matInput type="tel" formControlName="phone" data-testid="user-phone" />
              @if (form.controls.phone.touched && form.controls.phone.errors; as e) {
                <mat-error data-testid="user-phone-error">{{ (e['api'] ?? 'validation.required') | t }}</mat-error>
              }
            </mat-form-field>
            @if (formError()) {
              <p class="tz-error-text" role="alert" data-testid="user-form-error">{{ formError() }}</p>
            }
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="user-create">{{ 'common.create' | t }}</button>
          </form>
        </section>
      </div>
    </div>
  `,
  styles: `
    .layout {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 360px), 1fr));
      gap: 16px;
      align-items: start;
    }
    table {
      width: 100%;
    }
    .nowrap {
      white-space: nowrap;
    }
  `,
})
export class UsersPage {
  private readonly api = inject(AdminApi);
  private readonly notify = inject(NotifyService);
  protected readonly ref = inject(ReferenceDataService);
  protected readonly roles = ROLES;
  protected readonly columns = ['username', 'displayName', 'role', 'unit'];
  protected readonly busy = signal(false);
  protected readonly formError = signal('');
  private readonly i18n = inject(I18nService);

  protected readonly users = rxResource({ stream: () => this.api.users() });
  protected readonly rows = computed<UserDto[]>(() => (this.users.hasValue() ? this.users.value() : []));

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    displayName: ['', Validators.required],
    // The length rule is the API's (one source of truth); its answer is shown under the field.
    password: ['', Validators.required],
    role: ['instructor' as Role],
    unitId: [null as string | null],
    phone: [''],
  });

  protected create(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const v = this.form.getRawValue();
    const body: CreateUserRequest = {
      username: v.username.trim(),
      displayName: v.displayName.trim(),
      password: v.password,
      role: v.role,
      unitId: v.unitId,
      phone: v.phone.trim() || null,
    };
    this.busy.set(true);
    this.formError.set('');
    this.api.createUser(body).subscribe({
      next: () => {
        this.busy.set(false);
        this.notify.info('common.saved');
        this.form.reset();
        this.users.reload();
      },
      error: (err: unknown) => {
        this.busy.set(false);
        // Field errors go under their fields; anything else above the button.
        if (!applyFieldErrors(this.i18n, this.form.controls, err)) this.formError.set(apiErrorText(this.i18n, err));
      },
    });
  }
}
