import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule, MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { ErrorStateMatcher } from '@angular/material/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { UnitDto } from '@taizhang/contracts';
import { catchError, debounceTime, distinctUntilChanged, of, startWith, switchMap } from 'rxjs';
import { TPipe } from '../../../core/i18n/t.pipe';
import { ReferenceDataService } from '../../../core/reference/reference-data.service';
import { AdminApi } from '../data/admin.api';

const PAGE_SIZE = 20;

/**
 * Pick an enabled unit by typing part of its name or code: asks GET /api/units/search (paged) as one
 * types, so it stays quick with thousands of units. Writes the unit's id (or null) into `control`.
 */
@Component({
  selector: 'tz-unit-picker',
  imports: [ReactiveFormsModule, MatAutocompleteModule, MatFormFieldModule, MatInputModule, TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: block;
    }
    mat-form-field {
      width: 100%;
    }
  `,
  template: `
    <mat-form-field class="tz-full">
      <mat-label>{{ label() | t }}</mat-label>
      <input
        matInput
        [formControl]="query"
        [matAutocomplete]="auto"
        autocomplete="off"
        [placeholder]="'unitPicker.hint' | t"
        maxlength="64"
        [attr.data-testid]="testId()"
        [errorStateMatcher]="matcher"
        (blur)="onBlur()"
      />
      @if (error(); as key) {
        <mat-error [attr.data-testid]="errorTestId() ?? testId() + '-error'">{{ key | t }}</mat-error>
      }
      <mat-autocomplete #auto="matAutocomplete" (optionSelected)="pick($event)">
        <mat-option [value]="null">—</mat-option>
        @for (u of options(); track u.id) {
          <mat-option [value]="u" [attr.data-testid]="testId() + '-option'"
            >{{ u.name }} ({{ 'unitKind.' + u.kind | t }})</mat-option
          >
        }
        @if (more()) {
          <mat-option disabled>{{ 'unitPicker.more' | t: { total: total() } }}</mat-option>
        }
      </mat-autocomplete>
    </mat-form-field>
  `,
})
export class UnitPickerComponent implements OnInit {
  private readonly api = inject(AdminApi);
  private readonly ref = inject(ReferenceDataService);
  private readonly destroyRef = inject(DestroyRef);
  readonly control = input.required<FormControl<string | null>>();
  readonly label = input('user.unit');
  readonly testId = input('unit-picker');
  readonly errorTestId = input<string | null>(null);

  protected readonly query = new FormControl('', { nonNullable: true });
  protected readonly options = signal<UnitDto[]>([]);
  protected readonly total = signal(0);
  protected readonly more = signal(false);
  /** The outer control's error (e.g. the API's answer put there by the form), shown under the field. */
  protected readonly error = signal<string | null>(null);
  protected readonly matcher: ErrorStateMatcher = { isErrorState: () => this.error() !== null };

  ngOnInit(): void {
    const control = this.control();
    this.query.setValue(this.ref.unitName(control.value), { emitEvent: false });
    control.events.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      const errors = control.errors;
      this.error.set(
        control.touched && errors ? ((errors['api'] as string | undefined) ?? 'validation.required') : null,
      );
    });
    control.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((id) => {
      this.query.setValue(this.ref.unitName(id), { emitEvent: false });
    });
    this.query.valueChanges
      .pipe(
        startWith(''),
        debounceTime(200),
        distinctUntilChanged(),
        switchMap((q) =>
          this.api
            .searchUnits({ q: q.trim() || undefined, pageSize: PAGE_SIZE })
            .pipe(catchError(() => of(null))),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((page) => {
        this.options.set(page?.items ?? []);
        this.total.set(page?.total ?? 0);
        this.more.set((page?.total ?? 0) > (page?.items.length ?? 0));
      });
  }

  protected pick(event: MatAutocompleteSelectedEvent): void {
    const unit = event.option.value as UnitDto | null;
    this.control().setValue(unit?.id ?? null);
    this.control().markAsTouched();
    this.query.setValue(unit?.name ?? '', { emitEvent: false });
  }

  /** Typed text that is not a picked unit goes back to the picked unit's name. */
  protected onBlur(): void {
    setTimeout(() => this.query.setValue(this.ref.unitName(this.control().value), { emitEvent: false }), 200);
  }
}
