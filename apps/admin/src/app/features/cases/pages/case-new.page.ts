import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatAutocompleteModule, MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Router, RouterLink } from '@angular/router';
import type { CreateCaseRequest, EnterpriseDto, SimilarCaseDto } from '@taizhang/contracts';
import { catchError, debounceTime, distinctUntilChanged, filter, map, of, switchMap, tap } from 'rxjs';
import { apiErrorText } from '../../../core/api/error-text';
import { I18nService } from '../../../core/i18n/i18n.service';
import { DATA_PAGE_IMPORTS } from '../../../shared/ui/data-page';
import { randomUuid } from '../../../shared/util/uuid';
import { SimilarCasesComponent } from '../components/similar-cases.component';
import { CasesApi } from '../data/cases.api';
import { AttachmentPickerComponent } from '../components/attachment-picker.component';
import { uploadAll } from '../data/attachment-upload';
import { AttachmentsApi } from '../data/attachments.api';
import { NotifyService } from '../../../core/notify.service';
import { FormStatusComponent } from '../../../shared/ui/form-status.component';
import { TextFieldComponent } from '../../../shared/ui/text-field.component';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 4000;

@Component({
  selector: 'tz-case-new-page',
  imports: [
    FormStatusComponent,
    TextFieldComponent,
    ...DATA_PAGE_IMPORTS,
    ReactiveFormsModule,
    RouterLink,
    MatAutocompleteModule,
    MatButtonModule,
    MatChipsModule,
    MatFormFieldModule,
    MatInputModule,
    MatSlideToggleModule,
    AttachmentPickerComponent,
    SimilarCasesComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './case-new.page.html',
  styleUrl: './case-new.page.scss',
})
export class CaseNewPage implements OnInit {
  /** Query parameters (a problem registered from a visit, 走访): the enterprise, and the visit it was raised in. */
  readonly enterpriseId = input<string>();
  readonly visitId = input<string>();
  private readonly api = inject(CasesApi);
  private readonly router = inject(Router);
  private readonly attachments = inject(AttachmentsApi);
  private readonly notify = inject(NotifyService);
  /** Photos and files to attach once the case is opened (a second request each). */
  protected readonly files = signal<File[]>([]);
  protected readonly i18n = inject(I18nService);

  protected readonly titleMax = TITLE_MAX;
  protected readonly descriptionMax = DESCRIPTION_MAX;

  protected readonly form = inject(NonNullableFormBuilder).group({
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- it types the form control (FormBuilder infers from it)
    enterprise: ['' as string | EnterpriseDto],
    categoryCode: ['', Validators.required],
    title: ['', [Validators.required, Validators.maxLength(TITLE_MAX)]],
    description: ['', [Validators.required, Validators.maxLength(DESCRIPTION_MAX)]],
    urgent: [false],
  });

  // a disabled category is kept for old cases but not offered for new ones
  protected readonly categories = rxResource({
    stream: () => this.api.categories().pipe(map((all) => all.filter((c) => c.active !== false))),
  });
  protected readonly enterprises = signal<EnterpriseDto[]>([]);
  protected readonly selectedEnterprise = signal<EnterpriseDto | null>(null);
  protected readonly searching = signal(false);
  protected readonly searchError = signal(false);
  protected readonly searchedOnce = signal(false);
  protected readonly busy = signal(false);
  protected readonly submitted = signal(false);
  protected readonly error = signal<unknown>(null);
  protected readonly valid = computed(() => this.selectedEnterprise() !== null);
  /** 共性问题: similar pending cases in the enterprise's town, while the title and description are typed. */
  protected readonly similar = signal<SimilarCaseDto[]>([]);
  protected readonly errorText = computed(() => {
    const error = this.error();
    return error ? apiErrorText(this.i18n, error) : '';
  });

  /** One key per submission: reused if the same form is sent again (a retry), renewed on any change. */
  private idempotencyKey: string | null = null;

  protected readonly enterpriseLabel = (value: EnterpriseDto | string | null): string =>
    typeof value === 'string' ? value : (value?.name ?? '');

  constructor() {
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => (this.idempotencyKey = null));
    this.form.valueChanges
      .pipe(
        debounceTime(400),
        map(() => {
          const v = this.form.getRawValue();
          const enterprise = this.selectedEnterprise();
          return enterprise && v.categoryCode && v.title.trim()
            ? {
                enterpriseId: enterprise.id,
                categoryCode: v.categoryCode,
                title: v.title.trim(),
                description: v.description.trim(),
              }
            : null;
        }),
        distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
        switchMap((request) =>
          request ? this.api.similarForNew(request).pipe(catchError(() => of([]))) : of([]),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((items) => this.similar.set(items));
    this.form.controls.enterprise.valueChanges
      .pipe(
        tap((value) => {
          if (typeof value === 'string') this.selectedEnterprise.set(null);
        }),
        filter((value): value is string => typeof value === 'string'),
        map((value) => value.trim()),
        debounceTime(250),
        distinctUntilChanged(),
        tap(() => {
          this.searching.set(true);
          this.searchError.set(false);
        }),
        switchMap((q) =>
          this.api.searchEnterprises(q).pipe(
            map((page) => page.items),
            catchError(() => {
              this.searchError.set(true);
              return of([] as EnterpriseDto[]);
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((items) => {
        this.searching.set(false);
        this.searchedOnce.set(true);
        this.enterprises.set(items);
      });
  }

  ngOnInit(): void {
    const id = this.enterpriseId();
    if (!id) return;
    this.api.enterprise(id).subscribe({
      next: (e) => {
        this.form.controls.enterprise.setValue(e);
        this.selectedEnterprise.set(e);
      },
      error: () => undefined, // not one of the caller's enterprises: the form is left empty
    });
  }

  protected pickEnterprise(event: MatAutocompleteSelectedEvent): void {
    this.selectedEnterprise.set(event.option.value as EnterpriseDto);
  }

  protected submit(): void {
    this.submitted.set(true);
    this.form.markAllAsTouched();
    const enterprise = this.selectedEnterprise();
    if (this.busy() || this.form.invalid || !enterprise) return;
    const v = this.form.getRawValue();
    const request: CreateCaseRequest = {
      enterpriseId: enterprise.id,
      categoryCode: v.categoryCode,
      title: v.title.trim(),
      description: v.description.trim(),
      priority: v.urgent ? 'urgent' : 'normal',
      ...(this.visitId() ? { visitId: this.visitId() } : {}),
    };
    this.idempotencyKey ??= randomUuid();
    this.busy.set(true);
    this.error.set(null);
    this.api.create(request, this.idempotencyKey).subscribe({
      next: (created) => {
        // the case stands; its files follow (any that fail can be added again on the case page)
        uploadAll(this.attachments, created.id, this.files()).subscribe((outcomes) => {
          this.busy.set(false);
          const failed = outcomes.find((o) => !o.ok);
          if (failed && !failed.ok) {
            this.notify.info('attachments.failed', {
              name: failed.file.name,
              reason: failed.tooLarge ? this.i18n.t('attachments.hint') : this.notify.describe(failed.error),
            });
          }
          void this.router.navigate(['/cases', created.id]);
        });
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(err ?? new Error('failed'));
      },
    });
  }
}
