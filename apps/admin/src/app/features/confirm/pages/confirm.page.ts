import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { ConfirmationAnswerDto } from '@taizhang/contracts';
import { isApiError } from '../../../core/api/api-error';
import { I18nService } from '../../../core/i18n/i18n.service';
import { TPipe, TzDatePipe } from '../../../core/i18n/t.pipe';
import { StarRatingComponent } from '../../../shared/ui/star-rating.component';
import { ConfirmApi } from '../data/confirm.api';
import { keyedResource } from '../../../shared/util/resource-value';

/** Why a link cannot be used: each has a page of its own, never an error dump. */
export type LinkProblem = 'invalid' | 'used' | 'expired' | 'throttled' | 'network';

/** What a failed call means for the person holding the link. */
export function linkProblem(err: unknown): LinkProblem {
  if (!isApiError(err)) return 'network';
  if (err.status === 404) return 'invalid';
  if (err.status === 410) return err.code === 'CONFIRMATION.USED' ? 'used' : 'expired';
  if (err.status === 429) return 'throttled';
  return 'network';
}

/**
 * The enterprise's own confirmation (issue 13), opened from the link or QR code on a phone: the problem, the
 * resolution and the steps; then accept (销号) or refuse with a reason, and a 1–5 rating, nothing pre-set.
 */
@Component({
  selector: 'tz-confirm-page',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    StarRatingComponent,
    TPipe,
    TzDatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './confirm.page.html',
  styleUrl: './confirm.page.scss',
})
export class ConfirmPage {
  /** Route parameter, bound by the router. */
  readonly token = input.required<string>();

  private readonly api = inject(ConfirmApi);
  protected readonly i18n = inject(I18nService);

  protected readonly view = keyedResource(this.token, (token) => this.api.view(token));
  protected readonly problem = computed<LinkProblem | null>(() =>
    this.view.error() ? linkProblem(this.view.error()) : null,
  );

  /** null until chosen: accept (true) or refuse (false). */
  protected readonly accept = signal<boolean | null>(null);
  /** The two answers, each a radio button (`confirmPage.<key>`, `data-testid="confirm-<key>"`). */
  protected readonly choices = [
    { key: 'accept', accept: true },
    { key: 'refuse', accept: false },
  ] as const;
  protected readonly rating = signal<number | null>(null);
  protected readonly comment = signal('');
  protected readonly tried = signal(false);
  protected readonly busy = signal(false);
  protected readonly sendError = signal<LinkProblem | null>(null);
  protected readonly done = signal<ConfirmationAnswerDto | null>(null);

  protected readonly ratingCaptions = computed(() => [1, 2, 3, 4, 5].map((n) => this.i18n.t(`rating.${n}`)));
  protected readonly needsReason = computed(() => this.accept() === false && !this.comment().trim());
  protected readonly valid = computed(
    () => this.accept() !== null && this.rating() !== null && !this.needsReason(),
  );

  protected submit(): void {
    this.tried.set(true);
    const accept = this.accept();
    const rating = this.rating();
    if (!this.valid() || accept === null || rating === null || this.busy()) return;
    this.busy.set(true);
    this.sendError.set(null);
    const comment = this.comment().trim();
    this.api.answer(this.token(), { accept, rating, ...(comment ? { comment } : {}) }).subscribe({
      next: (answer) => {
        this.busy.set(false);
        this.done.set(answer);
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.sendError.set(linkProblem(err));
      },
    });
  }
}
