import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { ROLES, type Role } from '@taizhang/contracts';
import { TPipe } from '../../../core/i18n/t.pipe';

/**
 * The role of a user form (new user, edit user): every role, by its name. The select carries `testId`. The
 * host takes no box (`display: contents`): the field lays out in its form as one written there would.
 */
@Component({
  selector: 'tz-role-select',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatSelectModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'tz-contents' },
  template: `
    <mat-form-field>
      <mat-label>{{ 'user.role' | t }}</mat-label>
      <mat-select [formControl]="control()" [attr.data-testid]="testId()">
        @for (r of roles; track r) {
          <mat-option [value]="r">{{ 'role.' + r | t }}</mat-option>
        }
      </mat-select>
    </mat-form-field>
  `,
})
export class RoleSelectComponent {
  readonly control = input.required<FormControl<Role>>();
  readonly testId = input.required<string>();
  protected readonly roles = ROLES;
}
