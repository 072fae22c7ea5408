import { ChangeDetectionStrategy, Component, inject, input, linkedSignal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { AssigneeDto } from '@taizhang/contracts';
import { of } from 'rxjs';
import { TPipe } from '../../../core/i18n/t.pipe';
import { searchText } from '../../../shared/util/search-text';
import { CasesApi } from '../data/cases.api';

/**
 * Who takes the case(s): a search box and a select of the people of `unitId` matching it, each with his open
 * cases. The case action dialog and the bulk dialog share it; the select's test hook is `testId`, the search's
 * `testId-search`, each option `assignee-option`.
 */
@Component({
  selector: 'tz-assignee-picker',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'tz-contents' },
  template: `
    <mat-form-field class="tz-full">
      <mat-label>{{ 'actionDialog.assigneeSearch' | t }}</mat-label>
      <input
        matInput
        [formControl]="search"
        type="search"
        maxlength="100"
        [attr.data-testid]="testId() + '-search'"
      />
    </mat-form-field>
    <mat-form-field class="tz-full">
      <mat-label>{{ 'actionDialog.assignee' | t }}</mat-label>
      <mat-select [formControl]="control()" [attr.data-testid]="testId()" required>
        @for (u of options(); track u.id) {
          <mat-option [value]="u.id" data-testid="assignee-option"
            >{{ u.displayName }} ({{ u.username }}) ·
            {{ 'actionDialog.openCases' | t: { n: u.openCases } }}</mat-option
          >
        }
      </mat-select>
      @if (users.isLoading() && options().length === 0) {
        <mat-hint>{{ 'common.loading' | t }}</mat-hint>
      } @else if (users.error()) {
        <mat-hint class="tz-error-text">{{ 'errors.loadFailed' | t }}</mat-hint>
      } @else if (users.hasValue() && users.value().length === 0) {
        <mat-hint>{{ 'actionDialog.noUsers' | t }}</mat-hint>
      }
      @if (control().touched && control().invalid) {
        <mat-error>{{ 'validation.required' | t }}</mat-error>
      }
    </mat-form-field>
  `,
})
export class AssigneePickerComponent {
  readonly control = input.required<FormControl<string | null>>();
  /** The unit whose people are offered (none: no one). */
  readonly unitId = input.required<string | null | undefined>();
  readonly testId = input.required<string>();

  private readonly api = inject(CasesApi);
  /** The search text (debounced). */
  protected readonly search = inject(NonNullableFormBuilder).control('');
  private readonly query = searchText(this.search);

  protected readonly users = rxResource<AssigneeDto[], { unitId: string; q: string } | undefined>({
    params: () => {
      const unitId = this.unitId();
      return unitId ? { unitId, q: this.query() } : undefined;
    },
    stream: ({ params }) => (params ? this.api.assignees(params.unitId, params.q) : of([])),
  });
  /** The options shown: the last answer, kept while a new search loads (a select without options does not open). */
  protected readonly options = linkedSignal<AssigneeDto[] | undefined, AssigneeDto[]>({
    source: () => (this.users.hasValue() ? this.users.value() : undefined),
    computation: (answer, previous) => answer ?? previous?.value ?? [],
  });
}
