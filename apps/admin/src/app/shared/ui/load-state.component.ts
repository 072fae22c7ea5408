import {
  ChangeDetectionStrategy,
  Component,
  Directive,
  computed,
  inject,
  input,
  output,
} from '@angular/core';
import { TPipe } from '../../core/i18n/t.pipe';
import { apiErrorText } from '../../core/api/error-text';
import { I18nService } from '../../core/i18n/i18n.service';

/** What `[resource]` takes: an Angular resource (`rxResource`, `httpResource` …). */
export interface LoadableResource {
  isLoading(): boolean;
  hasValue(): boolean;
  error(): unknown;
  reload(): unknown;
}

/** What a screen tells `tz-load-state` (and the components that pass it on, as `tz-table-state`). */
@Directive()
export abstract class LoadStateInputs {
  readonly resource = input<LoadableResource | null>(null);
  readonly loading = input(false);
  readonly error = input<unknown>(null);
  readonly empty = input(false);
  readonly emptyText = input('');
  readonly retry = output<void>();
}

/**
 * The loading / error / empty states every data screen shows. Put the content inside; it is shown
 * only when there is data. Give it the screen's `[resource]` (loading until its first value, its error,
 * a retry reloads it), or `[loading]`, `[error]` and `(retry)` one by one.
 */
@Component({
  selector: 'tz-load-state',
  // no Material here: every page shows this first, and Material's spinner and button (with their ripple and
  // focus monitoring, ≈ 90 kB) were on the dashboard's way to a slow phone's screen (issue 18)
  imports: [TPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (isLoading()) {
      <div class="state" role="status" aria-live="polite" data-testid="state-loading">
        <span class="spinner" aria-hidden="true"></span>
        <span>{{ 'common.loading' | t }}</span>
      </div>
    } @else if (failure()) {
      <div class="state error" role="alert" data-testid="state-error">
        <span>{{ errorText() || ('errors.loadFailed' | t) }}</span>
        <button class="tz-outline-button" type="button" (click)="onRetry()">{{ 'common.retry' | t }}</button>
      </div>
    } @else if (empty()) {
      <div class="state" data-testid="state-empty">{{ emptyText() || ('common.empty' | t) }}</div>
    } @else {
      <ng-content />
    }
  `,
  styles: `
    .state {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 12px;
      padding: 32px 16px;
      color: var(--mat-sys-on-surface-variant);
      text-align: center;
    }
    .error {
      color: var(--mat-sys-error);
    }
    .spinner {
      width: 32px;
      height: 32px;
      border: 4px solid var(--mat-sys-primary);
      border-right-color: transparent;
      border-radius: 50%;
      animation: tz-spin 0.9s linear infinite;
    }
    @keyframes tz-spin {
      to {
        transform: rotate(360deg);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .spinner {
        animation-duration: 3s;
      }
    }
  `,
})
export class LoadStateComponent extends LoadStateInputs {
  private readonly i18n = inject(I18nService);

  protected readonly isLoading = computed(() => {
    const r = this.resource();
    return this.loading() || (!!r && r.isLoading() && !r.hasValue());
  });
  protected readonly failure = computed(() => this.error() || this.resource()?.error());

  protected onRetry(): void {
    this.resource()?.reload();
    this.retry.emit();
  }

  protected readonly errorText = computed(() => {
    const error = this.failure();
    return error ? apiErrorText(this.i18n, error, 'errors.loadFailed') : '';
  });
}
